/**
 * The normalized `action` vocabulary shared by parsers and detectors. Parsers map native codes onto these;
 * detectors read only these, so a new source works with every detector once its parser maps it.
 */

/** Actions of `authentication` events. */
export const AUTH_ACTIONS = {
  /** An interactive, network or remote logon attempt (Windows 4624/4625, sshd Accepted/Failed, FHIR 110122). */
  logon: 'logon',
  /** Session ended (Windows 4634/4647, FHIR 110123, sshd disconnect of an authenticated session). */
  logoff: 'logoff',
  /** Logon with explicit credentials, e.g. runas (Windows 4648). */
  explicitLogon: 'explicit_logon',
  /** Special privileges assigned to a new logon (Windows 4672). */
  specialPrivileges: 'special_privileges',
  accountCreated: 'account_created',
  accountEnabled: 'account_enabled',
  accountDisabled: 'account_disabled',
  accountDeleted: 'account_deleted',
  /** A member added to a security group (Windows 4728, 4732, 4756). `resource` = group, attrs.member = who. */
  groupMemberAdded: 'group_member_added',
  accountLocked: 'account_locked',
  /** Kerberos TGT request (4768); failure statuses such as 0x6 = unknown principal, 0x12 = revoked/locked. */
  tgtRequest: 'tgt_request',
  /** Kerberos service ticket request (4769); `resource` = service name, `encryption` = ticket type. */
  serviceTicket: 'service_ticket',
  /** Kerberos pre-authentication failed (4771), 0x18 = wrong password. */
  preauthFailed: 'preauth_failed',
  /** NTLM credential validation by a DC (4776). */
  credentialValidation: 'credential_validation',
  /** PAM reported an authentication failure; duplicates the sshd `Failed` line, so not a separate attempt. */
  pamAuthFailure: 'pam_auth_failure',
  /** A session was opened for a user (pam_unix session opened, su). */
  sessionOpened: 'session_opened',
} as const;
export type AuthAction = (typeof AUTH_ACTIONS)[keyof typeof AUTH_ACTIONS];

/** Actions of `ehr_access` events (FHIR AuditEvent action codes C R U D E, plus query and export). */
export const EHR_ACTIONS = ['create', 'read', 'update', 'delete', 'execute', 'query', 'export'] as const;
export type EhrAction = (typeof EHR_ACTIONS)[number];

/** Actions of address-assignment records (class `network_flow`): which machine held an address, and when. */
export const ADDRESS_ACTIONS = {
  /** A DHCP lease granted or renewed (ISC dhcpd DHCPACK, Zeek dhcp.log): srcIp = the leased address. */
  dhcpLease: 'dhcp_lease',
  /** A DHCP lease given back (DHCPRELEASE): the address is free again. */
  dhcpRelease: 'dhcp_release',
} as const;

/** Actions of `data_transfer` events: data leaving its system (removable media, exports). */
export const TRANSFER_ACTIONS = {
  /** A file written to removable storage (Windows 4663 in the Removable Storage category, write access). */
  removableWrite: 'removable_write',
  /** A file read from removable storage (4663, read access). */
  removableRead: 'removable_read',
  /** An external storage device was plugged in and recognised (Windows 6416). */
  deviceConnected: 'device_connected',
  /** An export of records or a report download (FHIR AuditEvent DCM 110106 Export, Bulk Data $export). */
  export: 'export',
} as const;
