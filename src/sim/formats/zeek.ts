/**
 * Zeek conn.log, TSV with its `#` header (batch files) or JSON lines with dotted keys (live deliveries).
 * Columns: https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html
 */
import type { ConnData } from '../record.js';

const FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'proto',
  'service',
  'duration',
  'orig_bytes',
  'resp_bytes',
  'conn_state',
  'local_orig',
  'local_resp',
  'missed_bytes',
  'history',
  'orig_pkts',
  'orig_ip_bytes',
  'resp_pkts',
  'resp_ip_bytes',
  'tunnel_parents',
];
const TYPES = [
  'time',
  'string',
  'addr',
  'port',
  'addr',
  'port',
  'enum',
  'string',
  'interval',
  'count',
  'count',
  'string',
  'bool',
  'bool',
  'count',
  'string',
  'count',
  'count',
  'count',
  'count',
  'set[string]',
];

/** The TSV header, opened at `time`. */
export function zeekHeader(time: number): string[] {
  const open = new Date(time).toISOString().replace('T', '-').replace(/:/g, '-').slice(0, 19);
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    `#open\t${open}`,
    `#fields\t${FIELDS.join('\t')}`,
    `#types\t${TYPES.join('\t')}`,
  ];
}

function local(ip: string): boolean {
  return ip.startsWith('10.') || ip.startsWith('192.168.');
}

function values(uid: string, time: number, c: ConnData): (string | number | boolean)[] {
  const pk = (b: number): number => Math.max(1, Math.ceil(b / 1400));
  return [
    (time / 1000).toFixed(6),
    uid,
    c.origH,
    c.origP,
    c.respH,
    c.respP,
    c.proto,
    c.service ?? '-',
    c.duration.toFixed(6),
    c.origBytes,
    c.respBytes,
    c.state,
    local(c.origH) ? 'T' : 'F',
    local(c.respH) ? 'T' : 'F',
    0,
    c.proto === 'tcp' ? 'ShADadFf' : 'Dd',
    pk(c.origBytes),
    c.origBytes + pk(c.origBytes) * 40,
    pk(c.respBytes),
    c.respBytes + pk(c.respBytes) * 40,
    '(empty)',
  ];
}

/** One TSV row. */
export function zeekTsvLine(uid: string, time: number, c: ConnData): string {
  return values(uid, time, c).join('\t');
}

/** One JSON line (live deliveries carry no header). */
export function zeekJsonLine(uid: string, time: number, c: ConnData): string {
  const v = values(uid, time, c);
  const o: Record<string, unknown> = {};
  FIELDS.forEach((f, i) => {
    const x = v[i];
    if (f === 'tunnel_parents' || x === '-') return;
    if (f === 'ts' || f === 'duration') o[f] = Number(x);
    else if (f === 'local_orig' || f === 'local_resp') o[f] = x === 'T';
    else o[f] = x;
  });
  return JSON.stringify(o);
}
