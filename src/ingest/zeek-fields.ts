/** Zeek field tables (which fields each log type keeps, label columns, log-type inference) and TSV header layout. */
import type { Outcome } from '../model/index.js';

/** A per-type attribute: output key, Zeek field name (dotted as in TSV and native JSON), underscore form. */
export interface AttrSpec {
  key: string;
  dotted: string;
  under: string;
}

const spec = (...names: string[]): AttrSpec[] =>
  names.map((n) => ({ key: n.replaceAll('.', '_'), dotted: n, under: n.replaceAll('.', '_') }));

/** Key attributes kept per log type; the rest of a record stays in the raw log. */
export const TYPE_ATTRS: Record<string, AttrSpec[]> = {
  conn: spec(
    'service',
    'duration',
    'conn_state',
    'history',
    'local_orig',
    'local_resp',
    'orig_pkts',
    'resp_pkts',
  ),
  dns: spec('query', 'qtype', 'qtype_name', 'rcode', 'rcode_name'),
  http: spec('host', 'uri', 'method', 'status_code', 'user_agent'),
  ssl: spec('server_name', 'version', 'cipher', 'validation_status'),
  x509: spec('certificate.subject', 'certificate.issuer'),
  files: spec('mime_type', 'filename', 'total_bytes', 'source', 'conn_uids'),
  kerberos: spec('request_type', 'client', 'service', 'cipher', 'success', 'error_msg'),
  dce_rpc: spec('endpoint', 'operation', 'named_pipe'),
  smb_files: spec('action', 'path', 'name', 'size'),
  smb_mapping: spec('path', 'share_type'),
  dpd: spec('analyzer', 'failure_reason'),
  weird: spec('name', 'addl'),
  notice: spec('note', 'msg'),
  pe: spec('machine', 'os', 'is_exe'),
  // dhcp.log (https://docs.zeek.org/en/master/scripts/base/protocols/dhcp/main.zeek.html): the keys are the ones
  // ISC dhcpd lines map to as well (dhcpd.ts), so address attribution reads one shape.
  dhcp: [
    { key: 'mac', dotted: 'mac', under: 'mac' },
    { key: 'clientHost', dotted: 'host_name', under: 'host_name' },
    { key: 'clientFqdn', dotted: 'client_fqdn', under: 'client_fqdn' },
    { key: 'clientAddr', dotted: 'client_addr', under: 'client_addr' },
    { key: 'serverAddr', dotted: 'server_addr', under: 'server_addr' },
    { key: 'assignedAddr', dotted: 'assigned_addr', under: 'assigned_addr' },
    { key: 'leaseSeconds', dotted: 'lease_time', under: 'lease_time' },
    { key: 'msgTypes', dotted: 'msg_types', under: 'msg_types' },
  ],
};

/** Columns added by labelling tools (Stratosphere), normalized to these `labels` keys. */
export const LABEL_KEYS: Record<string, string> = {
  label: 'label',
  detailedlabel: 'detailedlabel',
  'detailed-label': 'detailedlabel',
  detailed_label: 'detailedlabel',
};

/** Fields that hold a bool when `#types` is absent (JSON has real booleans). */
export const BOOL_FIELDS = new Set(['local_orig', 'local_resp', 'success', 'is_exe']);

/** Log type markers for JSON records that carry neither `@stream` nor `_path`: first key present wins. */
export const TYPE_MARKERS: [string, string][] = [
  ['conn_state', 'conn'],
  ['qtype_name', 'dns'],
  ['status_code', 'http'],
  ['ja3', 'ssl'],
  ['server_name', 'ssl'],
  ['certificate.subject', 'x509'],
  ['certificate_subject', 'x509'],
  ['mime_type', 'files'],
  ['seen_bytes', 'files'],
  ['request_type', 'kerberos'],
  ['endpoint', 'dce_rpc'],
  ['share_type', 'smb_mapping'],
  ['failure_reason', 'dpd'],
  ['note', 'notice'],
  ['is_exe', 'pe'],
  ['peer', 'weird'],
  ['assigned_addr', 'dhcp'],
  ['msg_types', 'dhcp'],
];

/**
 * Conn outcome from `conn_state`: an answered handshake is a success, an unanswered or refused one a failure,
 * partial/midstream states (SH, SHR, OTH, RSTRH …) unknown.
 */
export const CONN_OUTCOME: Record<string, Outcome> = {
  SF: 'success',
  S1: 'success',
  S2: 'success',
  S3: 'success',
  RSTO: 'success',
  RSTR: 'success',
  S0: 'failure',
  REJ: 'failure',
  RSTOS0: 'failure',
};

const KNOWN_TYPES = new Set([...Object.keys(TYPE_ATTRS), 'ntlm', 'rdp', 'ssh', 'smtp', 'ftp', 'dhcp', 'ntp']);

/** Log type from a file name such as `dns.log`, `conn.00:00:00-01:00:00.log.gz`. */
export function typeFromName(name: string): string | undefined {
  const dot = name.indexOf('.');
  const head = dot === -1 ? name : name.slice(0, dot);
  return KNOWN_TYPES.has(head) ? head : undefined;
}

/** Column layout of one TSV header block, resolved once from `#fields`. */
export interface Layout {
  type: string;
  /** Logical field count; `tabWidth` is the tab-separated count when labels were space-joined. */
  width: number;
  tabWidth: number;
  compoundAt: number;
  ts: number;
  uid: number;
  /** `fuid` (files), `id` (x509, pe) or `uids` (dhcp, first one taken): the record id when there is no uid. */
  alt: number;
  origH: number;
  origP: number;
  respH: number;
  respP: number;
  proto: number;
  origBytes: number;
  respBytes: number;
  attrs: { key: string; idx: number; bool: boolean }[];
  labels: { key: string; idx: number }[];
}

/** Undo Zeek's `\xHH` escaping (separators and non-printables inside values). */
export function unescape(s: string): string {
  if (!s.includes('\\x')) return s;
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Resolve column positions from `#fields` (and `#types` for bools) once per header block. */
export function layoutOf(fields: string[], types: string[] | undefined, type: string): Layout {
  // Stratosphere's IoT-23 logs write `tunnel_parents   label   detailed-label` as one tab field: split it.
  let compoundAt = -1;
  let names = fields;
  const spaced = fields.findIndex((f) => f.includes(' '));
  if (spaced !== -1) {
    compoundAt = spaced;
    const parts = fields[spaced]!.split(' ').filter((p) => p.length > 0);
    names = [...fields.slice(0, spaced), ...parts, ...fields.slice(spaced + 1)];
  }
  const at = (n: string): number => names.indexOf(n);
  const attrs: Layout['attrs'] = [];
  for (const a of TYPE_ATTRS[type] ?? []) {
    const idx = at(a.dotted);
    if (idx === -1) continue;
    const t = types && compoundAt === -1 ? types[idx] : undefined;
    attrs.push({ key: a.key, idx, bool: t === undefined ? BOOL_FIELDS.has(a.dotted) : t === 'bool' });
  }
  const labels: Layout['labels'] = [];
  names.forEach((n, idx) => {
    const key = LABEL_KEYS[n];
    if (key !== undefined) labels.push({ key, idx });
  });
  return {
    type,
    width: names.length,
    tabWidth: fields.length,
    compoundAt,
    ts: at('ts'),
    uid: at('uid'),
    alt: type === 'files' ? at('fuid') : type === 'dhcp' ? at('uids') : at('id'),
    origH: at('id.orig_h'),
    origP: at('id.orig_p'),
    respH: at('id.resp_h'),
    respP: at('id.resp_p'),
    proto: at('proto'),
    origBytes: type === 'conn' ? at('orig_bytes') : -1,
    respBytes: type === 'conn' ? at('resp_bytes') : -1,
    attrs,
    labels,
  };
}
