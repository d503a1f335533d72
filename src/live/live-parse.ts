/**
 * Parsing for the live pipeline: the batch parsers, one opened per (source, format) and kept open so stateful
 * formats (a Zeek TSV header, a multi-line ATNA message) carry over from one delivery to the next; and a
 * per-source line counter so `<source>:<line>` ids keep counting across deliveries and restarts.
 */
import type { ContextRecord, DeadLetter, Rejection, WardEvent } from '../model/index.js';
import { clipRaw } from '../model/index.js';
import type { ParseOptions, RecordParser } from '../ingest/parser.js';
import { formatById } from '../ingest/registry.js';
import { sampleOf, sniff } from '../ingest/sniff.js';
import type { Delivery } from './ingest.js';

/** What one delivery parsed into. */
export interface Parsed {
  events: WardEvent[];
  context: ContextRecord[];
  deadLetters: DeadLetter[];
}

/** Opens and keeps parsers; turns deliveries into events, context and dead letters. Synchronous. */
export class LiveParsers {
  private readonly parsers = new Map<string, { parser: RecordParser; format: string }>();
  /** Last line number used per source. */
  readonly lines: Record<string, number>;
  private out: Parsed = { events: [], context: [], deadLetters: [] };
  private format = 'unknown';
  private source = '';

  constructor(
    lines: Record<string, number>,
    private readonly options: ParseOptions = {},
  ) {
    this.lines = { ...lines };
  }

  /** Parse one delivery. Never throws for bad input: what cannot be parsed becomes a dead letter. */
  parse(d: Delivery): Parsed {
    this.out = { events: [], context: [], deadLetters: [] };
    this.source = d.source;
    for (const r of d.rejections ?? []) {
      this.format = d.format ?? 'unknown';
      // An input that cannot tell a position (a syslog message) leaves it empty: it takes the next line number.
      if (r.position === '') {
        const n = (this.lines[d.source] ?? 0) + 1;
        this.lines[d.source] = n;
        this.reject({ ...r, position: String(n) });
      } else {
        this.reject(r);
      }
    }
    if (d.records.length === 0) return this.out;
    const first = d.firstLine ?? (this.lines[d.source] ?? 0) + 1;
    const last = first + d.records.length - 1;
    if (last > (this.lines[d.source] ?? 0)) this.lines[d.source] = last;
    const open = this.parserFor(d);
    if (open === undefined) return this.out;
    this.format = open.format;
    for (let i = 0; i < d.records.length; i++) {
      try {
        open.parser.line(d.records[i]!, first + i);
      } catch (err) {
        // A parser that throws has a bug; the record is still kept, as a dead letter naming the failure.
        this.reject({
          reason: 'bad_shape',
          detail: `${open.format} parser failed: ${err instanceof Error ? err.message : String(err)}`,
          raw: d.records[i]!,
          position: String(first + i),
        });
      }
    }
    return this.out;
  }

  private parserFor(d: Delivery): { parser: RecordParser; format: string } | undefined {
    let format = d.format;
    if (format === undefined) {
      const found = sniff(sampleOf(d.records), d.source);
      format = found.parser?.id;
      if (format === undefined) {
        this.format = 'unknown';
        const detail = `no parser recognised this record from ${d.source}; configure its format`;
        this.rejectAll(d, 'unknown_format', detail);
        return undefined;
      }
    }
    const key = `${d.source}\u0000${format}`;
    let open = this.parsers.get(key);
    if (open === undefined) {
      const fp = formatById(format);
      if (fp === undefined) {
        this.format = format;
        this.rejectAll(d, 'unknown_format', `format ${format} is not a known format`);
        return undefined;
      }
      const source = d.source;
      const parser = fp.open({
        source,
        options: { referenceTime: Date.now(), ...this.options },
        sink: {
          event: (e) => this.out.events.push(e),
          context: (c) => this.out.context.push(c),
          reject: (r) => this.reject(r),
        },
      });
      open = { parser, format };
      this.parsers.set(key, open);
    }
    return open;
  }

  private rejectAll(d: Delivery, reason: 'unknown_format', detail: string): void {
    const first = d.firstLine ?? (this.lines[d.source] ?? 0) - d.records.length + 1;
    d.records.forEach((raw, i) => this.reject({ reason, detail, raw, position: String(first + i) }));
  }

  private reject(r: Rejection): void {
    this.out.deadLetters.push({
      reason: r.reason,
      detail: r.detail,
      raw: clipRaw(r.raw),
      position: r.position,
      source: this.source,
      format: this.format,
      time: Date.now(),
    });
  }
}
