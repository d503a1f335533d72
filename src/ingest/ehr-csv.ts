/**
 * EHR access-log CSV exports (Epic/Cerner-style audit extracts): one access per row, `ehr_access` events.
 * Comma, semicolon or tab delimited (detected from the header), RFC 4180 quoting, records may span lines.
 * Columns are found by header name (see ehr-csv-mapping.ts and docs/formats/ehr-csv.md); times without a zone
 * are UTC.
 */
import { clipRaw } from '../model/index.js';
import type { RejectReason, WardEvent } from '../model/index.js';
import { CsvRecordAssembler, detectDelimiter } from './csv-record.js';
import {
  ATTR_FIELDS,
  DEFAULT_HEADERS,
  normalizeHeader,
  resolveColumns,
  unknownMappingKeys,
  type ColumnMap,
  type CsvField,
} from './ehr-csv-mapping.js';
import {
  isTimeOfDay,
  isTrue,
  normalizeAction,
  normalizePurpose,
  outcomeOf,
  parseCsvTime,
} from './ehr-csv-values.js';
import type { FormatParser, ParseContext, RecordParser } from './parser.js';

export { loadCsvMapping } from './ehr-csv-mapping.js';

/** Longest record kept (RFC 4180 records may span lines; a runaway quote must not eat the input). */
export const MAX_CSV_RECORD = 1024 * 1024;

/** Distinct native action / purpose values cached per input; beyond this, values are normalised uncached. */
const CACHE_LIMIT = 4096;

const SEP_LINE = /^sep=(.)$/i;

/** Opened on one input: holds the header, its column map and a record being assembled. */
class EhrCsvReader implements RecordParser {
  private asm: CsvRecordAssembler | undefined;
  private delimiter: string | undefined;
  private width = 0;
  private map: ColumnMap | undefined;
  private missingDetail: string | undefined;
  private readonly mapping: Record<string, string> | undefined;
  private seen = false;
  /** First line and raw lines of a record spanning lines. */
  private startLine = 0;
  private lastLine = 0;
  private rawLines: string[] = [];
  private rawSize = 0;
  private readonly actions = new Map<string, string>();
  private readonly purposes = new Map<string, string>();

  constructor(private readonly ctx: ParseContext) {
    const m = ctx.options.csvMapping;
    const bad = m ? unknownMappingKeys(m) : [];
    if (m && bad.length > 0) {
      const detail = `csvMapping: unknown Ward field ${bad.map((k) => `"${k}"`).join(', ')}; ignored`;
      ctx.sink.reject({ reason: 'bad_value', detail, raw: '', position: '0' });
      this.mapping = Object.fromEntries(Object.entries(m).filter(([k]) => !bad.includes(k)));
    } else this.mapping = m;
  }

  line(text: string, lineNo: number): void {
    const asm = this.asm;
    if (!asm?.open) {
      if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) return;
      this.seen = true;
      if (this.delimiter === undefined) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        const sep = SEP_LINE.exec(text);
        this.delimiter = sep ? sep[1]! : detectDelimiter(text);
        this.asm = new CsvRecordAssembler(this.delimiter, MAX_CSV_RECORD);
        if (sep) return;
        this.line(text, lineNo);
        return;
      }
      if (asm && !text.includes('"')) {
        // Fast path: no quotes, the record is this one line.
        if (text.length > MAX_CSV_RECORD) this.tooLarge(text, lineNo, lineNo);
        else this.record(text.split(asm.delimiter), text, lineNo, lineNo);
        return;
      }
      this.startLine = lineNo;
    }
    if (!this.asm) return;
    this.lastLine = lineNo;
    if (this.rawSize < MAX_CSV_RECORD) {
      this.rawLines.push(text);
      this.rawSize += text.length + 1;
    }
    const fields = this.asm.feed(text);
    if (fields === undefined) return;
    const raw = this.rawLines.join('\n');
    this.rawLines = [];
    this.rawSize = 0;
    if (this.asm.tooLarge) {
      this.asm.tooLarge = false;
      this.tooLarge(raw, this.startLine, lineNo);
    } else this.record(fields, raw, this.startLine, lineNo);
  }

  end(truncated: boolean): void {
    if (this.asm?.open) {
      const raw = this.rawLines.join('\n');
      const cut = truncated ? '; the input was truncated' : '';
      const detail = `input ended inside a quoted field (record from line ${this.startLine})${cut}`;
      const reason: RejectReason = this.asm.tooLarge ? 'record_too_large' : 'bad_csv';
      this.reject(reason, detail, raw, this.startLine, this.lastLine);
      this.asm.reset();
      this.rawLines = [];
      this.rawSize = 0;
    } else if (!this.seen) {
      this.ctx.sink.reject({ reason: 'empty_input', detail: 'no lines in input', raw: '', position: '0' });
    }
  }

  private reject(reason: RejectReason, detail: string, raw: string, from: number, to: number): void {
    const position = from === to ? String(from) : `${from}-${to}`;
    this.ctx.sink.reject({ reason, detail, raw: clipRaw(raw), position });
  }

  private tooLarge(raw: string, from: number, to: number): void {
    this.reject('record_too_large', `CSV record longer than ${MAX_CSV_RECORD} characters`, raw, from, to);
  }

  private header(fields: string[]): void {
    this.width = fields.length;
    this.map = resolveColumns(fields, this.mapping);
    // Not rejected itself: every data row is, with this detail (a header-only file has nothing to lose).
    if (this.map.missing.length > 0) {
      this.missingDetail = `header lacks required columns: ${this.map.missing.join(', ')}`;
    }
  }

  private record(fields: string[], raw: string, from: number, to: number): void {
    const map = this.map;
    if (!map) {
      this.header(fields);
      return;
    }
    if (this.missingDetail !== undefined) {
      this.reject('missing_field', this.missingDetail, raw, from, to);
      return;
    }
    // Some exports end every data row with a delimiter: one extra empty field is tolerated.
    if (fields.length !== this.width && !(fields.length === this.width + 1 && fields[this.width] === '')) {
      this.reject(
        'bad_csv',
        `expected ${this.width} fields (from the header), got ${fields.length}`,
        raw,
        from,
        to,
      );
      return;
    }
    const c = map.cols;
    const get = (f: CsvField): string | undefined => {
      const i = c[f];
      if (i === undefined) return undefined;
      const v = fields[i]!.trim();
      return v.length === 0 ? undefined : v;
    };
    const timeText = joinTime(get('time'), get('date'));
    if (timeText === undefined) {
      this.reject('missing_field', 'time column is empty', raw, from, to);
      return;
    }
    const time = parseCsvTime(timeText);
    if (time === undefined) {
      const detail = `time "${timeText.slice(0, 40)}" is not ISO 8601, YYYY-MM-DD HH:mm:ss or MM/DD/YYYY HH:mm[:ss] [AM|PM]`;
      this.reject('bad_time', detail, raw, from, to);
      return;
    }
    const user = get('user');
    const patient = get('patient');
    if (user === undefined || patient === undefined) {
      const which = user === undefined ? 'user' : 'patient';
      this.reject('missing_field', `${which} column is empty`, raw, from, to);
      return;
    }
    const { source } = this.ctx;
    const status = get('status');
    const e: WardEvent = {
      id: get('id') ?? `${source}:${from}`,
      source,
      format: 'ehr-csv',
      class: 'ehr_access',
      time,
      user,
      patient,
      outcome: status === undefined ? 'success' : outcomeOf(status),
      raw: `${source}:${from}`,
    };
    const userName = get('userName');
    if (userName !== undefined && c.userName !== c.user) e.userName = userName;
    const resource = get('resource');
    if (resource !== undefined) e.resource = resource;
    const action = get('action');
    if (action !== undefined) {
      e.action = cached(this.actions, action, (a) => normalizeAction(a) ?? a);
      e.code = action;
    } else if (c.action === undefined) e.action = 'read';
    if (status !== undefined) e.status = status;
    const host = get('host');
    if (host !== undefined) e.host = host;
    const srcIp = get('srcIp');
    if (srcIp !== undefined) e.srcIp = srcIp;
    let attrs: Record<string, string> | undefined;
    const purpose = get('purpose');
    const btg = get('breakGlass');
    if (btg !== undefined && isTrue(btg)) {
      e.purpose = 'BTG';
      if (purpose !== undefined) (attrs ??= {}).reason = purpose;
    } else if (purpose !== undefined) e.purpose = cached(this.purposes, purpose, normalizePurpose);
    for (const f in ATTR_FIELDS) {
      const v = get(f as CsvField);
      if (v !== undefined) (attrs ??= {})[ATTR_FIELDS[f as CsvField]!] = v;
    }
    for (const x of map.extra) {
      const v = fields[x.idx]!.trim();
      if (v.length > 0) (attrs ??= {})[x.key] = v;
    }
    if (attrs) e.attrs = attrs;
    this.ctx.sink.event(e);
  }
}

/** The time text of a row: the time column, or a separate date column joined with a time-of-day column. */
function joinTime(time: string | undefined, date: string | undefined): string | undefined {
  if (time === undefined) return date;
  return date !== undefined && isTimeOfDay(time) ? `${date} ${time}` : time;
}

function cached(cache: Map<string, string>, key: string, f: (k: string) => string): string {
  let v = cache.get(key);
  if (v === undefined) {
    v = f(key);
    if (cache.size < CACHE_LIMIT) cache.set(key, v);
  }
  return v;
}

const TIME_LIKE = new Set([...DEFAULT_HEADERS.time, ...DEFAULT_HEADERS.date]);
const USER_LIKE = new Set([...DEFAULT_HEADERS.user, ...DEFAULT_HEADERS.userName]);
const PATIENT_LIKE = new Set(DEFAULT_HEADERS.patient);

/** EHR access-log CSV (comma, semicolon or tab) → `ehr_access` events. */
export const ehrCsvParser: FormatParser = {
  id: 'ehr-csv',
  description: 'EHR access-log CSV export (Epic/Cerner-style audit extract), header-mapped columns',
  sniff(sample: string): number {
    let lines = sample.split('\n', 3);
    if (lines[0] !== undefined && SEP_LINE.test(lines[0].trimEnd())) lines = lines.slice(1);
    const first = (lines[0] ?? '').replace(/^\uFEFF/, '').trimEnd();
    if (first.length === 0 || first.length > 8192 || first.startsWith('{') || first.startsWith('#')) return 0;
    const fields = new CsvRecordAssembler(detectDelimiter(first), 8192).feed(first) ?? [];
    const norm = new Set(fields.map(normalizeHeader));
    const has = (s: Set<string>): boolean => [...norm].some((n) => s.has(n));
    return fields.length >= 3 && has(TIME_LIKE) && has(USER_LIKE) && has(PATIENT_LIKE) ? 0.9 : 0;
  },
  open(ctx: ParseContext): RecordParser {
    return new EhrCsvReader(ctx);
  },
};
