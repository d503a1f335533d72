/**
 * Record builders shared by normal activity and scenarios: one call per real-world happening (a logon, a
 * Kerberos ticket, a VPN session, an EHR read, a network connection), returning the records it made.
 */
import type { Random } from './random.js';
import type { AuditData, ConnData, RecordBuffer, SimRecord } from './record.js';
import { SERVERS } from './world.js';

/** How a network logon (4624 type 3) authenticated. */
export type NetworkAuth = 'NTLM' | 'Kerberos';

/** Windows domain of the simulated hospital. */
export const DOMAIN = 'RGH';
const FQDN = 'rgh.local';

/** Builders bound to one buffer and random source. */
export class Emit {
  constructor(
    readonly buf: RecordBuffer,
    readonly rng: Random,
  ) {}

  /** Windows 4624 (success) or 4625 (failure) on `computer` for `user` from `ip`. */
  winLogon(
    time: number,
    user: string,
    computer: string,
    ip: string,
    logonType: number,
    ok: boolean,
    status = '0xc000006a',
    /**
     * Source workstation name (4624 WorkstationName); default the target computer, as the other scenarios use
     * (`-` for a Kerberos network logon, which carries no workstation name).
     */
    source?: string,
    /** Authentication of a network logon (type 3): NTLM (default, as the scenarios use) or Kerberos. */
    auth: NetworkAuth = 'NTLM',
  ): SimRecord {
    const data: Record<string, string> = {
      SubjectUserSid: 'S-1-5-18',
      SubjectUserName: `${computer.toUpperCase()}$`,
      SubjectDomainName: DOMAIN,
      SubjectLogonId: '0x3e7',
      TargetUserSid: ok ? `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(user)}` : 'S-1-0-0',
      TargetUserName: user,
      TargetDomainName: DOMAIN,
    };
    const kerberos = logonType === 3 && auth === 'Kerberos';
    if (ok) {
      data.TargetLogonId = `0x${this.rng.hex(6)}`;
      data.LogonType = String(logonType);
      // Kerberos network logons: process and package Kerberos; NTLM: NtLmSsp and the NTLM version used in
      // LmPackageName ("NTLM V2"); interactive and RDP: User32 / Negotiate. LmPackageName is `-` unless NTLM.
      if (kerberos) {
        data.LogonProcessName = 'Kerberos';
        data.AuthenticationPackageName = 'Kerberos';
      } else {
        data.LogonProcessName = logonType === 3 ? 'NtLmSsp' : 'User32';
        data.AuthenticationPackageName = logonType === 3 ? 'NTLM' : 'Negotiate';
      }
      data.LmPackageName = logonType === 3 && !kerberos ? 'NTLM V2' : '-';
    } else {
      data.Status = '0xc000006d';
      data.FailureReason = '%%2313';
      data.SubStatus = status;
      data.LogonType = String(logonType);
      data.LogonProcessName = 'NtLmSsp';
      data.AuthenticationPackageName = 'NTLM';
    }
    data.WorkstationName = (source ?? (kerberos ? '-' : computer)).toUpperCase();
    data.IpAddress = ip;
    data.IpPort = String(this.rng.int(49152, 65535));
    return this.buf.add('windows', time, {
      eventId: ok ? 4624 : 4625,
      computer: `${computer}.${FQDN}`,
      data,
    });
  }

  /** Windows 4634 logoff. */
  winLogoff(time: number, user: string, computer: string, logonType: number): SimRecord {
    return this.buf.add('windows', time, {
      eventId: 4634,
      computer: `${computer}.${FQDN}`,
      data: {
        TargetUserSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(user)}`,
        TargetUserName: user,
        TargetDomainName: DOMAIN,
        TargetLogonId: `0x${this.rng.hex(6)}`,
        LogonType: String(logonType),
      },
    });
  }

  /** Windows 4672 special privileges assigned to a new logon. */
  specialLogon(time: number, user: string, computer: string): SimRecord {
    return this.buf.add('windows', time, {
      eventId: 4672,
      computer: `${computer}.${FQDN}`,
      data: {
        SubjectUserSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(user)}`,
        SubjectUserName: user,
        SubjectDomainName: DOMAIN,
        SubjectLogonId: `0x${this.rng.hex(6)}`,
        PrivilegeList:
          'SeBackupPrivilege\n\t\t\tSeRestorePrivilege\n\t\t\tSeDebugPrivilege\n\t\t\tSeImpersonatePrivilege',
      },
    });
  }

  /** Kerberos 4768 TGT request on the DC. `preAuth` 0 = no pre-authentication (AS-REP roastable). */
  tgt(time: number, user: string, ip: string, status = '0x0', encryption = '0x12', preAuth = '2'): SimRecord {
    return this.buf.add('windows', time, {
      eventId: 4768,
      computer: `${SERVERS.dc.host}.${FQDN}`,
      data: {
        TargetUserName: user,
        TargetDomainName: DOMAIN,
        TargetSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(user)}`,
        ServiceName: 'krbtgt',
        ServiceSid: 'S-1-5-21-3623811015-3361044348-30300820-502',
        TicketOptions: '0x40810010',
        Status: status,
        TicketEncryptionType: encryption,
        PreAuthType: preAuth,
        IpAddress: `::ffff:${ip}`,
        IpPort: String(this.rng.int(49152, 65535)),
      },
    });
  }

  /** Kerberos 4769 service ticket on the DC. */
  serviceTicket(time: number, user: string, ip: string, service: string, encryption = '0x12'): SimRecord {
    return this.buf.add('windows', time, {
      eventId: 4769,
      computer: `${SERVERS.dc.host}.${FQDN}`,
      data: {
        TargetUserName: `${user}@${FQDN.toUpperCase()}`,
        TargetDomainName: FQDN.toUpperCase(),
        ServiceName: service,
        ServiceSid: `S-1-5-21-3623811015-3361044348-30300820-${2000 + hashOf(service)}`,
        TicketOptions: '0x40810000',
        TicketEncryptionType: encryption,
        IpAddress: `::ffff:${ip}`,
        IpPort: String(this.rng.int(49152, 65535)),
        Status: '0x0',
        LogonGuid: `{${this.rng.hex(8)}-${this.rng.hex(4)}-${this.rng.hex(4)}-${this.rng.hex(4)}-${this.rng.hex(12)}}`,
        TransmittedServices: '-',
      },
    });
  }

  /** NTLM 4776 credential validation on the DC (status 0x0 success, 0xc000006a bad password). */
  ntlmValidation(time: number, user: string, workstation: string, status = '0x0'): SimRecord {
    return this.buf.add('windows', time, {
      eventId: 4776,
      computer: `${SERVERS.dc.host}.${FQDN}`,
      data: {
        PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
        TargetUserName: user,
        Workstation: workstation.toUpperCase(),
        Status: status,
      },
    });
  }

  /** Kerberos 4771 pre-authentication failure (bad password: 0x18). */
  preauthFailed(time: number, user: string, ip: string): SimRecord {
    return this.buf.add('windows', time, {
      eventId: 4771,
      computer: `${SERVERS.dc.host}.${FQDN}`,
      data: {
        TargetUserName: user,
        TargetSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(user)}`,
        ServiceName: `krbtgt/${FQDN.toUpperCase()}`,
        TicketOptions: '0x40810010',
        Status: '0x18',
        PreAuthType: '2',
        IpAddress: `::ffff:${ip}`,
        IpPort: String(this.rng.int(49152, 65535)),
      },
    });
  }

  /** Account management on the DC: 4720 created, 4728 global / 4732 local group member added. */
  accountChange(
    time: number,
    eventId: 4720 | 4728 | 4732,
    actor: string,
    target: string,
    group?: string,
  ): SimRecord {
    const data: Record<string, string> = {
      SubjectUserSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(actor)}`,
      SubjectUserName: actor,
      SubjectDomainName: DOMAIN,
      SubjectLogonId: `0x${this.rng.hex(6)}`,
    };
    if (eventId === 4720) {
      Object.assign(data, {
        TargetUserName: target,
        TargetDomainName: DOMAIN,
        TargetSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(target)}`,
        SamAccountName: target,
        UserAccountControl: '%%2080',
        PrivilegeList: '-',
      });
    } else {
      Object.assign(data, {
        MemberName: `CN=${target},OU=Staff,DC=rgh,DC=local`,
        MemberSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(target)}`,
        TargetUserName: group ?? 'Domain Admins',
        TargetDomainName: DOMAIN,
        TargetSid: 'S-1-5-21-3623811015-3361044348-30300820-512',
        PrivilegeList: '-',
      });
    }
    return this.buf.add('windows', time, { eventId, computer: `${SERVERS.dc.host}.${FQDN}`, data });
  }

  /** sshd line on a Linux host. */
  sshd(time: number, host: string, msg: string): SimRecord {
    return this.buf.add('sshd', time, { host, app: 'sshd', pid: this.rng.int(1000, 60000), msg });
  }

  /** An EHR access. */
  ehr(time: number, a: AuditData): SimRecord {
    return this.buf.add('audit', time, a);
  }

  /** A Zeek conn record. */
  conn(time: number, c: Omit<ConnData, 'origP' | 'state'> & { origP?: number; state?: string }): SimRecord {
    return this.buf.add('zeek', time, { origP: this.rng.int(49152, 65535), state: 'SF', ...c });
  }

  /** An ISC dhcpd lease line (DHCPACK) on the hospital's DHCP server. */
  dhcpAck(time: number, ip: string, mac: string, host: string): SimRecord {
    return this.buf.add('dhcp', time, {
      host: 'dhcp01',
      app: 'dhcpd',
      pid: 1187,
      msg: `DHCPACK on ${ip} to ${mac} (${host}) via eth0`,
    });
  }

  /** Windows 6416: an external storage device recognised on `computer`. */
  usbDevice(time: number, computer: string, description: string): SimRecord {
    const serial = this.rng.hex(12).toUpperCase();
    return this.buf.add('windows', time, {
      eventId: 6416,
      computer: `${computer}.${FQDN}`,
      data: {
        SubjectUserSid: 'S-1-5-18',
        SubjectUserName: `${computer.toUpperCase()}$`,
        SubjectDomainName: DOMAIN,
        SubjectLogonId: '0x3e7',
        DeviceId: `USBSTOR\\DISK&VEN_GENERIC&PROD_FLASH_DISK&REV_8.07\\${serial}&0`,
        DeviceDescription: description,
        ClassId: '{4d36e967-e325-11ce-bfc1-08002be10318}',
        ClassName: 'DiskDrive',
      },
    });
  }

  /** Windows 4663 (Removable Storage): `user` wrote `file` to a USB disk on `computer`. */
  usbWrite(time: number, user: string, computer: string, file: string): SimRecord {
    return this.buf.add('windows', time, {
      eventId: 4663,
      computer: `${computer}.${FQDN}`,
      data: {
        SubjectUserSid: `S-1-5-21-3623811015-3361044348-30300820-${1000 + hashOf(user)}`,
        SubjectUserName: user,
        SubjectDomainName: DOMAIN,
        SubjectLogonId: `0x${this.rng.hex(6)}`,
        ObjectServer: 'Security',
        ObjectType: 'File',
        ObjectName: `\\Device\\HarddiskVolume7\\${file}`,
        HandleId: `0x${this.rng.hex(3)}`,
        AccessList: '%%4417',
        AccessMask: '0x2',
        ProcessId: '0x1a2c',
        ProcessName: 'C:\\Windows\\explorer.exe',
      },
    });
  }

  /** A report or bulk export from the EHR (AuditEvent DCM 110106 with the record count). */
  ehrExport(time: number, user: string, ip: string, report: string, records: number): SimRecord {
    return this.buf.add('audit', time, {
      user,
      patient: '',
      purpose: 'HOPERAT',
      action: 'R',
      resource: report,
      ip,
      records,
    });
  }

  /** A VPN / telehealth session start in the gateway's own style; returns the records. */
  vpnLogin(
    time: number,
    vendor: 'fortigate' | 'globalprotect' | 'openvpn',
    user: string,
    ip: string,
    country: string,
    ok: boolean,
    tunnelIp: string,
  ): SimRecord[] {
    const port = this.rng.int(1024, 65535);
    if (vendor === 'fortigate') {
      const d = new Date(time).toISOString();
      const head = `date=${d.slice(0, 10)} time=${d.slice(11, 19)} devname="FGT-EDGE" devid="FG100FTK20001234" eventtime=${time}000000 tz="+0000" logid="${ok ? '0101039947' : '0101039426'}" type="event" subtype="vpn" level="${ok ? 'information' : 'alert'}" vd="root"`;
      const body = ok
        ? `logdesc="SSL VPN tunnel up" action="tunnel-up" tunneltype="ssl-tunnel" remip=${ip} srccountry="${country}" tunnelip=${tunnelIp} user="${user}" group="staff-vpn" reason="tunnel-established" msg="SSL tunnel established"`
        : `logdesc="SSL VPN login fail" action="ssl-login-fail" tunneltype="ssl-web" remip=${ip} srccountry="${country}" user="${user}" group="N/A" reason="sslvpn_login_unknown_user" msg="SSL user failed to logged in"`;
      return [
        this.buf.add('fortigate', time, { host: 'fgt-edge', app: 'fortigate', msg: `${head} ${body}` }),
      ];
    }
    if (vendor === 'globalprotect') {
      const msg = `event=gateway-auth status=${ok ? 'success' : 'failure'} user=${DOMAIN.toLowerCase()}\\${user} public_ip=${ip} srcregion=${country} private_ip=${ok ? tunnelIp : '0.0.0.0'} portal=gp-portal gateway=gp-gw-01 auth_method=saml client_os=Windows${ok ? '' : ' error="Authentication failed: Invalid username or password"'}`;
      return [this.buf.add('globalprotect', time, { host: 'pa-fw01', app: 'globalprotect', msg })];
    }
    const peer = `${ip}:${port}`;
    if (!ok)
      return [
        this.buf.add('openvpn', time, {
          host: 'telehealth-gw',
          app: 'openvpn',
          pid: 812,
          msg: `${peer} TLS Auth Error: Auth Username/Password verification failed for peer user=${user}`,
        }),
      ];
    return [
      this.buf.add('openvpn', time, {
        host: 'telehealth-gw',
        app: 'openvpn',
        pid: 812,
        msg: `${peer} TLS: Username/Password authentication succeeded for username '${user}'`,
      }),
      this.buf.add('openvpn', time + 400, {
        host: 'telehealth-gw',
        app: 'openvpn',
        pid: 812,
        msg: `${user}/${peer} MULTI_sva: pool returned IPv4=${tunnelIp}, IPv6=(Not enabled)`,
      }),
    ];
  }
}

/** Small stable hash of a name, for SIDs. */
export function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0;
  return h % 90000;
}
