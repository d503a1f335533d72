/**
 * Raw records as the collectors would write them. Windows Security events in two shapes: the evtx dump
 * (`System` / `EventData`, as `evtx_dump -o jsonl` writes) for the domain controllers and for workstations
 * forwarded by Windows Event Forwarding, and Winlogbeat / ECS for the member servers. Field names and values per
 * Microsoft's pages for each event id (4624, 4625, 4634, 4647, 4672, 4720, 4728, 4732, 4740, 4756, 4768, 4769,
 * 4771, 4776). Syslog: sshd from the Linux servers in rsyslog's RFC 3339 file format with the hospital's −06:00
 * offset, FortiGate SSL-VPN event logs (key=value, relayed through rsyslog) and PAN-OS GlobalProtect logs over
 * RFC 5424. Record ids: Windows `EventRecordID` per computer (each machine's counter starts where a long-lived
 * log would be), syslog `<file>:<line>` as Ward numbers lines.
 */
import type { Host } from './world.js';
import { DOMAIN, FQDN, REALM } from './world.js';

/** One record waiting for its id. */
export interface Entry {
  t: number;
  file: string;
  seq: number;
  /** The Windows computer (for per-computer record ids). */
  computer?: string;
  render: (recordId: number) => string;
  /** Set by {@link Logs.finish}: the id Ward gives the record. */
  id?: string;
}

/** Output files, relative to the output directory. */
export const FILES = {
  dc: 'logs/windows/dc-security.jsonl',
  servers: 'logs/windows/member-servers-winlogbeat.ndjson',
  wef: 'logs/windows/workstations-wef.jsonl',
  ssh: 'logs/syslog/linux-auth.log',
  forti: 'logs/syslog/fortigate-vpn.log',
  gp: 'logs/syslog/globalprotect.log',
} as const;

const PROVIDER = 'Microsoft-Windows-Security-Auditing';
const PROVIDER_GUID = '{54849625-5478-4994-a5ba-3e3b0328c30d}';
/** Task categories of the Security log (Logon, Logoff, Special Logon, User / Security Group Management, Kerberos …). */
const TASK: Record<number, [number, string]> = {
  4624: [12544, 'Logon'],
  4625: [12544, 'Logon'],
  4634: [12545, 'Logoff'],
  4647: [12545, 'Logoff'],
  4648: [12544, 'Logon'],
  4672: [12548, 'Special Logon'],
  4720: [13824, 'User Account Management'],
  4723: [13824, 'User Account Management'],
  4740: [13824, 'User Account Management'],
  4767: [13824, 'User Account Management'],
  4728: [13826, 'Security Group Management'],
  4732: [13826, 'Security Group Management'],
  4756: [13826, 'Security Group Management'],
  4768: [14339, 'Kerberos Authentication Service'],
  4769: [14337, 'Kerberos Service Ticket Operations'],
  4771: [14339, 'Kerberos Authentication Service'],
  4776: [14336, 'Credential Validation'],
};
const ACTION: Record<number, string> = {
  4624: 'logged-in',
  4625: 'logon-failed',
  4634: 'logged-out',
  4647: 'logged-out',
  4672: 'logged-in-special',
  4768: 'kerberos-authentication-ticket-requested',
  4769: 'kerberos-service-ticket-requested',
  4771: 'kerberos-preauth-failed',
  4776: 'credential-validated',
};

/** Hospital local offset in February (US Central Standard Time). */
const LOCAL_OFFSET_MS = -6 * 3_600_000;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `2026-02-02T08:01:02.123456-06:00` (rsyslog high-precision file format, hospital time). */
export function localIso(t: number, micro: number): string {
  const d = new Date(t + LOCAL_OFFSET_MS);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(
    d.getUTCMinutes(),
  )}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}${String(micro % 1000).padStart(3, '0')}-06:00`;
}

function localParts(t: number): { date: string; time: string } {
  const d = new Date(t + LOCAL_OFFSET_MS);
  return {
    date: `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`,
    time: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
  };
}

/** Collects records from every generator and numbers them once all are in. */
export class Logs {
  readonly entries: Entry[] = [];
  private seq = 0;
  private readonly counterStart = new Map<string, number>();

  constructor(private readonly recordBase: (computer: string) => number) {}

  /** A Windows Security event on `host` (the file follows the machine's collector). */
  win(t: number, host: Host, code: number, data: Record<string, string>, failure = false): Entry {
    const file = host.kind === 'dc' ? FILES.dc : host.kind === 'server' ? FILES.servers : FILES.wef;
    const computer = host.fqdn;
    const micro = (this.seq * 7919) % 1_000_000;
    const iso = `${new Date(t).toISOString().slice(0, 19)}.${String(micro).padStart(6, '0')}Z`;
    const [task, taskName] = TASK[code] ?? [0, 'Other'];
    const beat = file === FILES.servers;
    const e: Entry = {
      t,
      file,
      seq: this.seq++,
      computer,
      render: (rid) =>
        JSON.stringify(
          beat
            ? {
                '@timestamp': `${iso.slice(0, 23)}Z`,
                agent: { type: 'winlogbeat', version: '8.12.2', name: host.name },
                ecs: { version: '8.0.0' },
                event: {
                  code: String(code),
                  kind: 'event',
                  provider: PROVIDER,
                  action: ACTION[code] ?? taskName,
                  outcome: failure ? 'failure' : 'success',
                  created: `${iso.slice(0, 23)}Z`,
                },
                host: { name: computer.toLowerCase(), hostname: host.name.toLowerCase() },
                log: { level: 'information' },
                winlog: {
                  channel: 'Security',
                  computer_name: computer,
                  event_id: String(code),
                  record_id: rid,
                  provider_name: PROVIDER,
                  provider_guid: PROVIDER_GUID,
                  task: taskName,
                  keywords: [failure ? 'Audit Failure' : 'Audit Success'],
                  opcode: 'Info',
                  process: { pid: 684, thread: { id: 1000 + (rid % 7000) } },
                  event_data: data,
                },
              }
            : {
                System: {
                  Provider: { Name: PROVIDER, Guid: PROVIDER_GUID },
                  EventID: code,
                  Version: code === 4624 ? 2 : 0,
                  Level: 0,
                  Task: task,
                  Opcode: 0,
                  Keywords: failure ? '0x8010000000000000' : '0x8020000000000000',
                  TimeCreated: iso,
                  EventRecordID: rid,
                  Correlation: {},
                  Execution: { ProcessID: 684, ThreadID: 1000 + (rid % 7000) },
                  Channel: 'Security',
                  Computer: computer,
                  Security: {},
                },
                EventData: data,
              },
        ),
    };
    this.entries.push(e);
    return e;
  }

  /** A syslog line: `header` is written by the caller from the time (already formatted). */
  line(t: number, file: string, text: (t: number, micro: number) => string): Entry {
    const s = this.seq++;
    const e: Entry = { t, file, seq: s, render: () => text(t, (s * 7919) % 1000) };
    this.entries.push(e);
    return e;
  }

  /** Sort by time, assign ids, and render every file. */
  finish(): Map<string, string> {
    this.entries.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const counters = new Map<string, number>();
    const byFile = new Map<string, string[]>();
    for (const e of this.entries) {
      let lines = byFile.get(e.file);
      if (!lines) byFile.set(e.file, (lines = []));
      if (e.computer !== undefined) {
        let n = counters.get(e.computer);
        if (n === undefined) {
          n = this.counterStart.get(e.computer) ?? this.recordBase(e.computer);
          this.counterStart.set(e.computer, n);
        }
        // Other channels' and unaudited events take numbers in between.
        n += 1 + (e.seq % 3);
        counters.set(e.computer, n);
        e.id = String(n);
        lines.push(e.render(n));
      } else {
        lines.push(e.render(0));
        e.id = `${e.file.slice(e.file.lastIndexOf('/') + 1)}:${lines.length}`;
      }
    }
    const out = new Map<string, string>();
    for (const f of Object.values(FILES)) {
      const lines = byFile.get(f);
      if (lines && lines.length > 0) out.set(f, lines.join('\n') + '\n');
    }
    return out;
  }
}

/** `0x` + lower-case hex, as Windows writes logon ids. */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** The account fields Windows writes for an actor. */
export interface Account {
  sam: string;
  sid: string;
}

const NULL_SID = 'S-1-0-0';
const SYSTEM_SID = 'S-1-5-18';

/** 4624 / 4625 EventData for a logon of `type` on `host` from `from` (name and address) by `acct`. */
export function logonData(
  acct: Account,
  host: Host,
  type: number,
  pkg: 'Kerberos' | 'NTLM' | 'Negotiate',
  from: { name?: string; ip?: string; port?: number },
  logonId: number,
  fail?: { status: string; sub: string; reason: string },
): Record<string, string> {
  const local = type === 2 || type === 7 || type === 11 || type === 5;
  const d: Record<string, string> = {
    SubjectUserSid: local || type === 10 ? SYSTEM_SID : NULL_SID,
    SubjectUserName: local || type === 10 ? `${host.name}$` : '-',
    SubjectDomainName: local || type === 10 ? DOMAIN : '-',
    SubjectLogonId: local || type === 10 ? '0x3e7' : '0x0',
    TargetUserSid: fail ? NULL_SID : acct.sid,
    TargetUserName: acct.sam,
    TargetDomainName: DOMAIN,
  };
  if (fail) {
    d.Status = fail.status;
    d.FailureReason = fail.reason;
    d.SubStatus = fail.sub;
  } else d.TargetLogonId = hex(logonId);
  d.LogonType = String(type);
  d.LogonProcessName =
    type === 5 ? 'Advapi  ' : type === 3 ? (pkg === 'NTLM' ? 'NtLmSsp ' : 'Kerberos') : 'User32 ';
  d.AuthenticationPackageName = pkg;
  d.WorkstationName = from.name ?? '-';
  d.LogonGuid = '{00000000-0000-0000-0000-000000000000}';
  d.TransmittedServices = '-';
  d.LmPackageName = pkg === 'NTLM' ? 'NTLM V2' : '-';
  d.KeyLength = pkg === 'NTLM' ? '128' : '0';
  d.ProcessId = type === 3 ? '0x0' : type === 5 ? '0x2a8' : '0x3b4';
  d.ProcessName =
    type === 3
      ? '-'
      : type === 5
        ? 'C:\\Windows\\System32\\services.exe'
        : 'C:\\Windows\\System32\\svchost.exe';
  d.IpAddress = from.ip ?? (local ? '127.0.0.1' : '-');
  d.IpPort = String(from.port ?? 0);
  if (!fail) {
    d.ImpersonationLevel = '%%1833';
    d.RestrictedAdminMode = '-';
    d.TargetOutboundUserName = '-';
    d.TargetOutboundDomainName = '-';
    d.VirtualAccount = '%%1843';
    d.TargetLinkedLogonId = '0x0';
    d.ElevatedToken = '%%1842';
  }
  return d;
}

/** 4768 (TGT) EventData. */
export function tgtData(
  acct: Account,
  ip: string,
  port: number,
  status: string,
  domainSid: string,
  preauth = '2',
  enc = '0x12',
): Record<string, string> {
  const ok = status === '0x0';
  return {
    TargetUserName: acct.sam,
    TargetDomainName: REALM,
    TargetSid: ok ? acct.sid : NULL_SID,
    ServiceName: 'krbtgt',
    ServiceSid: ok ? `${domainSid}-502` : NULL_SID,
    TicketOptions: '0x40810010',
    Status: status,
    TicketEncryptionType: ok ? enc : '0xffffffff',
    PreAuthType: ok ? preauth : '-',
    IpAddress: `::ffff:${ip}`,
    IpPort: String(port),
    CertIssuerName: '',
    CertSerialNumber: '',
    CertThumbprint: '',
  };
}

/** 4769 (service ticket) EventData. */
export function tgsData(
  acct: Account,
  service: string,
  serviceSid: string,
  ip: string,
  port: number,
  enc = '0x12',
): Record<string, string> {
  return {
    TargetUserName: `${acct.sam}@${REALM}`,
    TargetDomainName: REALM,
    ServiceName: service,
    ServiceSid: serviceSid,
    TicketOptions: '0x40810000',
    TicketEncryptionType: enc,
    IpAddress: `::ffff:${ip}`,
    IpPort: String(port),
    Status: '0x0',
    LogonGuid: '{00000000-0000-0000-0000-000000000000}',
    TransmittedServices: '-',
  };
}

/** 4771 (Kerberos pre-authentication failed) EventData; 0x18 = wrong password, 0x12 = revoked / locked. */
export function preauthFailData(
  acct: Account,
  ip: string,
  port: number,
  status = '0x18',
): Record<string, string> {
  return {
    TargetUserName: acct.sam,
    TargetSid: acct.sid,
    ServiceName: `krbtgt/${REALM}`,
    TicketOptions: '0x40810010',
    Status: status,
    PreAuthType: '2',
    IpAddress: `::ffff:${ip}`,
    IpPort: String(port),
    CertIssuerName: '',
    CertSerialNumber: '',
    CertThumbprint: '',
  };
}

/** 4776 (NTLM credential validation on a DC) EventData. */
export function ntlmData(sam: string, workstation: string, status: string): Record<string, string> {
  return {
    PackageName: 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0',
    TargetUserName: sam,
    Workstation: workstation,
    Status: status,
  };
}

/** Subject fields of an account-management event done by `actor`. */
export function subjectOf(actor: Account, logonId: number): Record<string, string> {
  return {
    SubjectUserSid: actor.sid,
    SubjectUserName: actor.sam,
    SubjectDomainName: DOMAIN,
    SubjectLogonId: hex(logonId),
  };
}

/** 4672 EventData: the privileges an administrator's logon received. */
export function privData(acct: Account, logonId: number): Record<string, string> {
  return {
    ...subjectOf(acct, logonId),
    PrivilegeList:
      'SeSecurityPrivilege\n\t\t\tSeBackupPrivilege\n\t\t\tSeRestorePrivilege\n\t\t\tSeTakeOwnershipPrivilege\n\t\t\tSeDebugPrivilege\n\t\t\tSeSystemEnvironmentPrivilege\n\t\t\tSeLoadDriverPrivilege\n\t\t\tSeImpersonatePrivilege\n\t\t\tSeDelegateSessionUserImpersonatePrivilege',
  };
}

/** Distinguished name of a user in the hospital's OU layout. */
export function dnOf(display: string, ou: string): string {
  return `CN=${display},OU=${ou},OU=Rivergate,DC=${FQDN.split('.').join(',DC=')}`;
}

/** FortiGate SSL-VPN event log line (FortiOS log reference: 39424 tunnel up, 39425 down, 39426 login fail). */
export function fortiLine(
  t: number,
  micro: number,
  f: {
    action: 'tunnel-up' | 'tunnel-down' | 'ssl-login-fail';
    user: string;
    group: string;
    remip: string;
    tunnelId: number;
    tunnelIp?: string;
    reason?: string;
    duration?: number;
  },
): string {
  const { date, time } = localParts(t);
  const logid =
    f.action === 'tunnel-up' ? '0101039424' : f.action === 'tunnel-down' ? '0101039425' : '0101039426';
  const desc =
    f.action === 'tunnel-up'
      ? 'SSL VPN tunnel up'
      : f.action === 'tunnel-down'
        ? 'SSL VPN tunnel down'
        : 'SSL VPN login fail';
  const level = f.action === 'ssl-login-fail' ? 'alert' : 'information';
  const msg =
    f.action === 'tunnel-up'
      ? 'SSL tunnel established'
      : f.action === 'tunnel-down'
        ? 'SSL tunnel shutdown'
        : 'SSL user failed to logged in';
  let s = `${localIso(t, micro)} rgh-fgt01 date=${date} time=${time} devname="RGH-FGT01" devid="FG201FT922901234" eventtime=${t}${String(micro).padStart(6, '0')} tz="-0600" logid="${logid}" type="event" subtype="vpn" level="${level}" vd="root" logdesc="${desc}" action="${f.action}" tunneltype="ssl-tunnel" tunnelid=${f.tunnelId} remip=${f.remip}`;
  if (f.tunnelIp !== undefined) s += ` tunnelip=${f.tunnelIp}`;
  s += ` user="${f.user}" group="${f.group}" dst_host="N/A" reason="${f.reason ?? 'N/A'}"`;
  if (f.duration !== undefined)
    s += ` duration=${f.duration} sentbyte=${f.duration * 5231} rcvdbyte=${f.duration * 48113}`;
  return `${s} msg="${msg}"`;
}

/** PAN-OS GlobalProtect log over RFC 5424 in key=value form. */
export function gpLine(
  t: number,
  micro: number,
  f: {
    eventid: 'portal-auth' | 'gateway-auth' | 'gateway-logout';
    user: string;
    publicIp: string;
    country: string;
    privateIp?: string;
    machine: string;
    method: string;
    ok: boolean;
    error?: string;
  },
): string {
  const stage = f.eventid === 'gateway-logout' ? 'logout' : f.eventid === 'portal-auth' ? 'login' : 'login';
  const ts = localIso(t, micro);
  let s = `<14>1 ${ts} RGH-PA3220 - - - - event=globalprotect eventid=${f.eventid} stage=${stage} auth_method=${f.method} tunnel_type=IPSec srcuser=${DOMAIN.toLowerCase()}\\${f.user} srcregion=${f.country} public_ip=${f.publicIp}`;
  s += ` private_ip=${f.privateIp ?? '0.0.0.0'} machine_name=${f.machine} portal=RGH-GP-Portal gateway=RGH-GP-GW01 client_os=Windows`;
  s += ` status=${f.ok ? 'success' : 'failure'}`;
  if (f.error !== undefined) s += ` error="${f.error}"`;
  return s;
}

/** sshd line in rsyslog's RFC 3339 format. */
export function sshLine(t: number, micro: number, host: string, pid: number, msg: string): string {
  return `${localIso(t, micro)} ${host} sshd[${pid}]: ${msg}`;
}
