/**
 * Records the simulator emits before they are rendered: which output file, when, and the data to render.
 * Ids are assigned after sorting each file by time, so they follow file order like a real source's do.
 */

/** Output log files (context files are rendered from the world directly). */
export const LOG_FILES = {
  audit: 'logs/audit-events.ndjson',
  windows: 'logs/windows-security.jsonl',
  sshd: 'logs/auth.log',
  fortigate: 'logs/vpn-fortigate.log',
  globalprotect: 'logs/vpn-globalprotect.log',
  openvpn: 'logs/telehealth-openvpn.log',
  zeek: 'logs/conn.log',
  dhcp: 'logs/dhcpd.log',
  telemetry: 'logs/device-telemetry.jsonl',
  adt: 'context/adt.hl7',
} as const;
export type LogFile = keyof typeof LOG_FILES;

/** One EHR access (rendered as a FHIR AuditEvent). */
export interface AuditData {
  user: string;
  patient: string;
  purpose: 'TREAT' | 'ETREAT' | 'BTG' | 'HPAYMT' | 'HOPERAT';
  action: 'R' | 'C' | 'U';
  /** Resource type read, e.g. `Observation`; `Patient` for a demographics lookup; the report for an export. */
  resource: string;
  ip: string;
  /** Set for a report / bulk export (DCM 110106, no patient): how many records it held. */
  records?: number;
}

/** One Windows Security event. */
export interface WindowsData {
  eventId: number;
  computer: string;
  data: Record<string, string>;
}

/** One syslog line: host, program and message. */
export interface SyslogData {
  host: string;
  app: string;
  pid?: number;
  msg: string;
}

/** One Zeek conn record. */
export interface ConnData {
  origH: string;
  origP: number;
  respH: string;
  respP: number;
  proto: 'tcp' | 'udp';
  service?: string;
  duration: number;
  origBytes: number;
  respBytes: number;
  state: string;
}

/** One device telemetry reading. */
export interface TelemetryData {
  deviceId: string;
  type: string;
  metrics: Record<string, number | string>;
}

/** One HL7 v2 ADT message. */
export interface AdtData {
  trigger: 'A01' | 'A02' | 'A03' | 'A04' | 'A08';
  patient: string;
  encounter: string;
  patientClass: 'I' | 'E' | 'O';
  dept: string;
  priorDept?: string;
  attending: string;
  admit: number;
  discharge?: number;
  /** Segment separator this sender uses. */
  sep: '\r' | '\n';
}

/** Data by file. */
export interface RecordDataMap {
  audit: AuditData;
  windows: WindowsData;
  sshd: SyslogData;
  fortigate: SyslogData;
  globalprotect: SyslogData;
  openvpn: SyslogData;
  zeek: ConnData;
  dhcp: SyslogData;
  telemetry: TelemetryData;
  adt: AdtData;
}

/** One emitted record. `id` is set when the file is finalised. */
export interface SimRecord<F extends LogFile = LogFile> {
  file: F;
  time: number;
  seq: number;
  data: RecordDataMap[F];
  id?: string;
}

/** Collects records in any order. */
export class RecordBuffer {
  readonly records: SimRecord[] = [];
  private seq = 0;

  /** Add one record. */
  add<F extends LogFile>(file: F, time: number, data: RecordDataMap[F]): SimRecord<F> {
    const r: SimRecord<F> = { file, time: Math.round(time), seq: this.seq++, data };
    this.records.push(r);
    return r;
  }

  /** Records of each file, sorted by time (then emission order). */
  byFile(): Map<LogFile, SimRecord[]> {
    const out = new Map<LogFile, SimRecord[]>();
    for (const r of this.records) {
      let list = out.get(r.file);
      if (!list) out.set(r.file, (list = []));
      list.push(r);
    }
    for (const list of out.values()) list.sort((a, b) => a.time - b.time || a.seq - b.seq);
    return out;
  }
}
