/**
 * The one event model every source is normalized to. Field names follow OCSF classes, kept flat and typed
 * (see ../shared/DESIGN.md "Event model"). Times are epoch milliseconds, UTC.
 */

/** What kind of activity an event records. */
export const EVENT_CLASSES = [
  'authentication',
  'ehr_access',
  'network_flow',
  'device_telemetry',
  'data_transfer',
  'process',
  'context',
] as const;
export type EventClass = (typeof EVENT_CLASSES)[number];

/** Result of the activity, as the source reported it. */
export type Outcome = 'success' | 'failure' | 'unknown';

/** A normalized event. `id` is the source record id, kept exactly (DESIGN.md "Source record ids"). */
export interface WardEvent {
  id: string;
  /** Which input it came from: a file name, a listener name, a topic. */
  source: string;
  /** Format parser that produced it, e.g. `syslog`, `windows-event`. */
  format: string;
  class: EventClass;
  /** Event time, epoch ms UTC. */
  time: number;
  ingestTime?: number;
  /** Actor identity as the source names it (FHIR reference, account name, `DOMAIN\user` …). */
  user?: string;
  /** Display name of the actor when the source gives one. */
  userName?: string;
  /** Domain / realm of the actor, when separate from `user`. */
  domain?: string;
  srcIp?: string;
  srcPort?: number;
  dstIp?: string;
  dstPort?: number;
  /** Host that logged the event, or the host acted on. */
  host?: string;
  device?: string;
  /** Patient whose data was touched (FHIR reference or MRN as in the source). */
  patient?: string;
  /** Object acted on: a record type, a file, a service principal. */
  resource?: string;
  /** Normalized activity, e.g. `logon`, `logoff`, `read`, `tgt_request`, `group_member_added`. */
  action?: string;
  outcome: Outcome;
  bytesIn?: number;
  bytesOut?: number;
  protocol?: string;
  /** Purpose of use, e.g. `TREAT`, `ETREAT` (break-glass). */
  purpose?: string;
  /** Native event code: Windows event id, sshd message kind, CEF signature id … */
  code?: string;
  /** Native status / failure reason code, e.g. `0xc000006a`, `0x18`. */
  status?: string;
  /** Authentication method or package: `password`, `publickey`, `NTLM`, `Kerberos`. */
  method?: string;
  /** Windows logon type (2 interactive, 3 network, 10 remote interactive …). */
  logonType?: number;
  /** Kerberos ticket encryption type, e.g. `0x17` (RC4). */
  encryption?: string;
  /** Program / application that logged it (`sshd`, `CRON`, EHR module). */
  app?: string;
  /** Short human text of the record (syslog message, CEF name). No full PHI. */
  message?: string;
  /** How many occurrences this record stands for (syslog "message repeated N times"); absent = 1. */
  count?: number;
  /** Reference to the raw record: `<file>:<line>`. */
  raw?: string;
  /** Source-provided labels (e.g. labelled Zeek columns). Carried for evaluation; detectors must not read them. */
  labels?: Record<string, string>;
  /** Other typed-as-string attributes a source carries that have no field above. */
  attrs?: Record<string, string>;
}
