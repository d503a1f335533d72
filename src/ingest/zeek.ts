/**
 * Zeek logs, as TSV ASCII (with its `#` header) or as JSON lines (Zeek's native dotted keys `id.orig_h`, or the
 * underscore variant `id_orig_h` with `@stream`/`@system` written by log shippers). Every log type becomes a
 * `network_flow` event whose `action` is the log type (`conn`, `dns`, `http` …); conn is the main one.
 * Field reference: https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html and
 * https://docs.zeek.org/en/master/logs/index.html. Stratosphere's labelled conn logs carry extra `label` /
 * `detailedlabel` columns: they go to `labels` only. dhcp.log records become address assignments: action
 * `dhcp_lease` (srcIp = assigned address, attrs.mac / clientHost / leaseSeconds) or `dhcp_release`; their id is
 * the first of `uids`.
 */
import { ADDRESS_ACTIONS, clipRaw } from '../model/index.js';
import type { Outcome, RejectReason, WardEvent } from '../model/index.js';
import type { FormatParser, ParseContext, RecordParser } from './parser.js';
import { parseEpochSeconds, parseIsoTime } from './time.js';
import {
  CONN_OUTCOME,
  LABEL_KEYS,
  TYPE_ATTRS,
  TYPE_MARKERS,
  layoutOf,
  typeFromName,
  unescape,
} from './zeek-fields.js';
import type { Layout } from './zeek-fields.js';

/** Values of one record, read either from a TSV row or a JSON object. */
interface Rec {
  type: string;
  ts: string | number | undefined;
  uid: string | undefined;
  alt: string | undefined;
  origH: string | undefined;
  origP: string | number | undefined;
  respH: string | undefined;
  respP: string | number | undefined;
  proto: string | undefined;
  origBytes: string | number | undefined;
  respBytes: string | number | undefined;
}

/** A JSON value as an attribute string; arrays joined by `,` like Zeek sets; objects and null dropped. */
function jsonText(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v.length === 0 ? undefined : v;
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      return Array.isArray(v) && v.length > 0 ? v.map(String).join(',') : undefined;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return undefined;
  }
}

/** A JSON string (non-empty) or number as text. */
function jsonString(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length === 0 ? undefined : v;
  return typeof v === 'number' ? String(v) : undefined;
}

/** The first element of a JSON array of strings (Zeek `uids`), or the string itself. */
function jsonFirst(v: unknown): string | undefined {
  return jsonString(Array.isArray(v) ? (v[0] as unknown) : v);
}

/** The first element of a TSV set value (`C1,C2` → `C1`); a plain value as is. */
function firstOfSet(v: string | undefined, sep: string): string | undefined {
  if (v === undefined) return undefined;
  const i = v.indexOf(sep);
  return i > 0 ? v.slice(0, i) : v;
}

/**
 * A dhcp.log record as an address assignment (DESIGN: address attribution): an ACK with an assigned address is a
 * lease of srcIp = that address; a RELEASE frees the client's address; anything else (DISCOVER/OFFER only) keeps
 * action `dhcp`. `lease_time` is an interval in seconds (`3600.000000`): kept as whole seconds.
 */
function dhcpAction(e: WardEvent, attrs: Record<string, string> | undefined): void {
  if (attrs === undefined) return;
  const types = attrs.msgTypes ?? '';
  const lease = attrs.leaseSeconds;
  if (lease !== undefined) {
    const n = Number(lease);
    if (Number.isFinite(n) && n >= 0) attrs.leaseSeconds = String(Math.round(n));
    else delete attrs.leaseSeconds;
  }
  if (attrs.assignedAddr !== undefined && types.includes('ACK')) {
    e.action = ADDRESS_ACTIONS.dhcpLease;
    e.srcIp = attrs.assignedAddr;
  } else if (types.includes('RELEASE') && attrs.clientAddr !== undefined) {
    e.action = ADDRESS_ACTIONS.dhcpRelease;
    e.srcIp = attrs.clientAddr;
  }
}

function jsonScalar(v: unknown): string | number | undefined {
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

/** A port or byte count; `undefined` for absent, NaN for a value that is not a non-negative integer. */
function count(v: string | number | undefined, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : v.length === 0 ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 && n <= max ? n : NaN;
}

function parseTs(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.round(v * 1000) : undefined;
  return parseEpochSeconds(v) ?? parseIsoTime(v);
}

/** Opened on one input: holds the current TSV header block. */
class ZeekReader implements RecordParser {
  private sep = '\t';
  private setSep = ',';
  private empty = '(empty)';
  private unset = '-';
  private path: string | undefined;
  private types: string[] | undefined;
  private fields: string[] | undefined;
  private layout: Layout | undefined;
  private seen = false;
  private readonly nameType: string | undefined;

  constructor(private readonly ctx: ParseContext) {
    this.nameType = typeFromName(ctx.source);
  }

  line(text: string, lineNo: number): void {
    if (text.length === 0) return;
    this.seen = true;
    const c = text.charCodeAt(0);
    if (c === 32 && text.trim().length === 0) return;
    if (c === 35 /* # */) this.header(text, lineNo);
    else if (c === 123 /* { */ || c === 91 /* [ */ || (c === 32 && text.trimStart().startsWith('{')))
      this.json(text, lineNo);
    else this.tsv(text, lineNo);
  }

  end(truncated: boolean): void {
    if (!this.seen) {
      const detail = truncated ? 'input broke off before any line' : 'no lines in input';
      this.ctx.sink.reject({ reason: 'empty_input', detail, raw: '', position: '0' });
    }
  }

  private reject(reason: RejectReason, detail: string, text: string, lineNo: number): void {
    this.ctx.sink.reject({ reason, detail, raw: clipRaw(text), position: String(lineNo) });
  }

  private header(text: string, lineNo: number): void {
    if (text.startsWith('#separator')) {
      // The separator line is the one header line written with a space, its value escaped (`\x09`).
      const v = unescape(text.slice(11));
      if (v.length === 0) this.reject('bad_zeek', 'empty #separator', text, lineNo);
      else this.sep = v;
      // A new header block (concatenated logs) starts over.
      this.path = this.fields = this.types = this.layout = undefined;
      return;
    }
    const tab = text.indexOf(this.sep);
    if (tab === -1) return;
    const key = text.slice(1, tab);
    const value = text.slice(tab + this.sep.length);
    switch (key) {
      case 'set_separator':
        this.setSep = unescape(value);
        break;
      case 'empty_field':
        this.empty = value;
        break;
      case 'unset_field':
        this.unset = value;
        break;
      case 'path':
        this.path = value;
        break;
      case 'types':
        this.types = value.split(this.sep);
        if (this.layout && this.layout.compoundAt === -1) this.relayout();
        break;
      case 'fields':
        this.fields = value.split(this.sep);
        this.types = undefined;
        this.relayout();
        break;
      default:
        // #open, #close and comments carry nothing an event needs.
        break;
    }
  }

  private relayout(): void {
    if (!this.fields) return;
    const type =
      this.path ?? this.nameType ?? (this.fields.includes('conn_state') ? 'conn' : undefined) ?? 'unknown';
    this.layout = layoutOf(this.fields, this.types, type);
  }

  private tsv(text: string, lineNo: number): void {
    const L = this.layout;
    if (!L) {
      this.reject('bad_zeek', 'data line before a #fields header', text, lineNo);
      return;
    }
    let row = text.split(this.sep);
    if (row.length !== L.width) {
      if (L.compoundAt !== -1 && row.length === L.tabWidth) {
        const parts = row[L.compoundAt]!.split(' ').filter((p) => p.length > 0);
        row = [...row.slice(0, L.compoundAt), ...parts, ...row.slice(L.compoundAt + 1)];
      }
      if (row.length !== L.width) {
        const detail = `expected ${L.width} fields from #fields, got ${row.length}`;
        this.reject('bad_zeek', detail, text, lineNo);
        return;
      }
    }
    const rec: Rec = {
      type: L.type,
      ts: this.cell(row, L.ts),
      uid: this.cell(row, L.uid),
      alt: firstOfSet(this.cell(row, L.alt), this.setSep),
      origH: this.cell(row, L.origH),
      origP: this.cell(row, L.origP),
      respH: this.cell(row, L.respH),
      respP: this.cell(row, L.respP),
      proto: this.cell(row, L.proto),
      origBytes: this.cell(row, L.origBytes),
      respBytes: this.cell(row, L.respBytes),
    };
    let attrs: Record<string, string> | undefined;
    for (const a of L.attrs) {
      let v = this.cell(row, a.idx);
      if (v === undefined) continue;
      if (a.bool) v = v === 'T' ? 'true' : v === 'F' ? 'false' : v;
      else if (v.includes(this.setSep) && this.setSep !== ',') v = v.split(this.setSep).join(',');
      (attrs ??= {})[a.key] = v;
    }
    let labels: Record<string, string> | undefined;
    for (const l of L.labels) {
      const v = this.cell(row, l.idx);
      if (v !== undefined) (labels ??= {})[l.key] = v;
    }
    this.emit(rec, attrs, labels, text, lineNo);
  }

  /** A TSV cell: undefined when unset (`-`), an empty set (`(empty)`) or absent; else unescaped. */
  private cell(row: string[], i: number): string | undefined {
    if (i === -1) return undefined;
    const v = row[i]!;
    return v === this.unset || v === this.empty || v.length === 0 ? undefined : unescape(v);
  }

  private json(text: string, lineNo: number): void {
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (err) {
      this.reject(
        'not_json',
        err instanceof Error ? err.message.slice(0, 200) : 'invalid JSON',
        text,
        lineNo,
      );
      return;
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) {
      this.reject('bad_shape', 'JSON line is not an object', text, lineNo);
      return;
    }
    const r = o as Record<string, unknown>;
    const dotted = r['id.orig_h'] !== undefined || r['id.resp_h'] !== undefined;
    const type =
      jsonString(r['@stream']) ??
      jsonString(r._path) ??
      this.nameType ??
      TYPE_MARKERS.find(([k]) => k in r)?.[1];
    const t = type ?? 'unknown';
    const rec: Rec = {
      type: t,
      ts: jsonScalar(r.ts),
      uid: jsonString(r.uid),
      alt: t === 'dhcp' ? jsonFirst(r.uids) : jsonString(t === 'files' ? r.fuid : r.id),
      origH: jsonString(dotted ? r['id.orig_h'] : r.id_orig_h),
      origP: jsonScalar(dotted ? r['id.orig_p'] : r.id_orig_p),
      respH: jsonString(dotted ? r['id.resp_h'] : r.id_resp_h),
      respP: jsonScalar(dotted ? r['id.resp_p'] : r.id_resp_p),
      proto: jsonString(r.proto),
      origBytes: t === 'conn' ? jsonScalar(r.orig_bytes) : undefined,
      respBytes: t === 'conn' ? jsonScalar(r.resp_bytes) : undefined,
    };
    let attrs: Record<string, string> | undefined;
    for (const a of TYPE_ATTRS[t] ?? []) {
      const v = jsonText(r[a.dotted] ?? r[a.under]);
      if (v !== undefined) (attrs ??= {})[a.key] = v;
    }
    const sensor = jsonString(r['@system']) ?? jsonString(r._system_name);
    if (sensor !== undefined) (attrs ??= {}).sensor = sensor;
    let labels: Record<string, string> | undefined;
    for (const k in LABEL_KEYS) {
      const v = jsonString(r[k]);
      if (v !== undefined && v !== '(empty)') (labels ??= {})[LABEL_KEYS[k]!] = v;
    }
    this.emit(rec, attrs, labels, text, lineNo);
  }

  private emit(
    rec: Rec,
    attrs: Record<string, string> | undefined,
    labels: Record<string, string> | undefined,
    text: string,
    lineNo: number,
  ): void {
    const { source, sink } = this.ctx;
    if (rec.type === 'conn' && rec.uid === undefined) {
      this.reject('missing_field', 'conn record has no uid', text, lineNo);
      return;
    }
    if (rec.ts === undefined) {
      this.reject('missing_field', `${rec.type} record has no ts`, text, lineNo);
      return;
    }
    const time = parseTs(rec.ts);
    if (time === undefined) {
      this.reject(
        'bad_time',
        `ts "${String(rec.ts).slice(0, 40)}" is neither epoch seconds nor ISO 8601`,
        text,
        lineNo,
      );
      return;
    }
    const srcPort = count(rec.origP, 65535);
    const dstPort = count(rec.respP, 65535);
    const bytesOut = count(rec.origBytes, Number.MAX_SAFE_INTEGER);
    const bytesIn = count(rec.respBytes, Number.MAX_SAFE_INTEGER);
    const bad = Number.isNaN(srcPort)
      ? ['id.orig_p', rec.origP]
      : Number.isNaN(dstPort)
        ? ['id.resp_p', rec.respP]
        : Number.isNaN(bytesOut)
          ? ['orig_bytes', rec.origBytes]
          : Number.isNaN(bytesIn)
            ? ['resp_bytes', rec.respBytes]
            : undefined;
    if (bad) {
      const detail = `${String(bad[0])} "${String(bad[1]).slice(0, 40)}" is not a non-negative integer`;
      this.reject('bad_value', detail, text, lineNo);
      return;
    }
    let outcome: Outcome = 'unknown';
    if (rec.type === 'conn') outcome = CONN_OUTCOME[attrs?.conn_state ?? ''] ?? 'unknown';
    else if (rec.type === 'kerberos' && attrs?.success !== undefined) {
      outcome = attrs.success === 'true' ? 'success' : attrs.success === 'false' ? 'failure' : 'unknown';
    }
    const e: WardEvent = {
      id: rec.uid ?? rec.alt ?? `${source}:${lineNo}`,
      source,
      format: 'zeek',
      class: 'network_flow',
      time,
      action: rec.type,
      outcome,
      raw: `${source}:${lineNo}`,
    };
    if (rec.origH !== undefined) e.srcIp = rec.origH;
    if (srcPort !== undefined) e.srcPort = srcPort;
    if (rec.respH !== undefined) e.dstIp = rec.respH;
    if (dstPort !== undefined) e.dstPort = dstPort;
    if (rec.proto !== undefined) e.protocol = rec.proto;
    if (bytesOut !== undefined) e.bytesOut = bytesOut;
    if (bytesIn !== undefined) e.bytesIn = bytesIn;
    if (attrs) e.attrs = attrs;
    if (labels) e.labels = labels;
    if (rec.type === 'dhcp') dhcpAction(e, attrs);
    sink.event(e);
  }
}

/** Zeek TSV and JSON logs (conn and 13 other log types) → `network_flow` events. */
export const zeekParser: FormatParser = {
  id: 'zeek',
  description: 'Zeek logs: TSV ASCII with #fields header, or JSON lines (dotted or underscore keys)',
  sniff(sample: string, name: string): number {
    const nl = sample.indexOf('\n');
    const first = (nl === -1 ? sample : sample.slice(0, nl)).trim();
    if (first.startsWith('#separator')) return 1;
    if (!first.startsWith('{')) return 0;
    if (first.includes('"id.orig_h"') || first.includes('"id_orig_h"')) return 0.9;
    if (first.includes('"@stream"') && first.includes('"ts"')) return 0.9;
    if (first.includes('"uid"') && first.includes('"ts"')) return 0.7;
    return typeFromName(name) !== undefined && first.includes('"ts"') ? 0.5 : 0;
  },
  open(ctx: ParseContext): RecordParser {
    return new ZeekReader(ctx);
  },
};
