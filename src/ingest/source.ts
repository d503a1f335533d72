/**
 * One input file as a stream of event batches: reads lines, sniffs the format from the first lines (or takes
 * `--format`), feeds the parser, and routes context and rejections to their handlers. Every line ends up as an
 * event, a context record, or a dead letter with a reason — or is deliberately empty.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ContextRecord, DeadLetter, Rejection, WardEvent } from '../model/index.js';
import { clipRaw } from '../model/index.js';
import type { FormatParser, ParseOptions, RecordParser } from './parser.js';
import { DEFAULT_MAX_LINE, openLineReader, type LineReader } from './reader.js';
import { formatById } from './registry.js';
import { sampleOf, sniff } from './sniff.js';

/** Where a source sends what is not an event. */
export interface SourceHandlers {
  context(c: ContextRecord): void;
  deadLetter(d: DeadLetter): void;
}

/** How to open a source. */
export interface SourceOptions {
  /** Format id to use instead of sniffing. */
  format?: string;
  parse?: ParseOptions;
  maxLine?: number;
  /** Resume: lines up to and including this one were processed by an earlier run; parse them silently. */
  skipThrough?: number;
}

/** Counters of one source, for the run summary. */
export interface SourceStats {
  lines: number;
  events: number;
  context: number;
  rejected: number;
}

/** An input file being read. Create with {@link openFileSource}. */
export class FileSource {
  readonly name: string;
  format = 'unknown';
  /** Last line whose output has been handed on (for checkpoints). */
  lineNo = 0;
  readonly stats: SourceStats = { lines: 0, events: 0, context: 0, rejected: 0 };

  private parser: RecordParser | undefined;
  private batch: WardEvent[] = [];
  private silent = false;
  private ended = false;

  constructor(
    readonly path: string,
    readonly size: number,
    readonly mtimeMs: number,
    private readonly reader: LineReader,
    private readonly options: SourceOptions,
    private readonly handlers: SourceHandlers,
  ) {
    this.name = basename(path);
  }

  /** Compressed bytes read so far. */
  get bytesRead(): number {
    return this.reader.bytesRead;
  }

  /** The next batch of events (possibly empty), or null when the file is done. */
  async next(): Promise<WardEvent[] | null> {
    while (!this.ended) {
      const lines = await this.reader.next();
      if (lines === null) {
        this.finishInput();
        break;
      }
      if (this.parser === undefined) this.parser = this.choose(lines.lines);
      this.feed(lines.lines, lines.firstLineNo);
      if (this.batch.length > 0) return this.take();
    }
    return this.batch.length > 0 ? this.take() : null;
  }

  private take(): WardEvent[] {
    const out = this.batch;
    this.batch = [];
    return out;
  }

  private feed(lines: (string | null)[], first: number): void {
    const parser = this.parser!;
    const skip = this.options.skipThrough ?? 0;
    for (let i = 0; i < lines.length; i++) {
      const lineNo = first + i;
      this.silent = lineNo <= skip;
      const line = lines[i];
      if (line === null || line === undefined) {
        const o = this.reader.overlong.shift();
        if (o) {
          this.reject({
            reason: 'line_too_long',
            detail: `line ${o.lineNo} is ${o.length} characters, over the ${this.options.maxLine ?? DEFAULT_MAX_LINE} character limit; its head is kept`,
            raw: o.head,
            position: String(o.lineNo),
          });
        }
      } else {
        parser.line(line, lineNo);
      }
      this.lineNo = lineNo;
    }
    this.stats.lines = this.lineNo;
  }

  private finishInput(): void {
    this.ended = true;
    const failure = this.reader.failure;
    if (this.parser === undefined) this.parser = this.choose([]);
    this.silent = false;
    if (this.lineNo === 0 && failure === undefined) {
      this.reject({ reason: 'empty_input', detail: `${this.name} is empty`, raw: '', position: '0' });
    }
    this.parser.end(failure !== undefined);
    if (failure)
      this.reject({
        reason: failure.reason,
        detail: failure.detail,
        raw: '',
        position: String(failure.lineNo),
      });
  }

  private choose(firstLines: (string | null)[]): RecordParser {
    const ctx = {
      source: this.name,
      options: { referenceTime: this.mtimeMs, ...this.options.parse },
      sink: {
        event: (e: WardEvent) => {
          if (this.silent) return;
          this.stats.events++;
          this.batch.push(e);
        },
        context: (c: ContextRecord) => {
          if (this.silent) return;
          this.stats.context++;
          this.handlers.context(c);
        },
        reject: (r: Rejection) => this.reject(r),
      },
    };
    let parser: FormatParser | undefined;
    let why: string;
    const sample = sampleOf(firstLines);
    if (this.options.format === undefined && looksBinary(sample)) {
      this.format = 'binary';
      return this.binary(sample);
    }
    if (this.options.format !== undefined) {
      parser = formatById(this.options.format);
      why = `--format ${this.options.format} is not a known format`;
    } else {
      const found = sniff(sample, this.name);
      parser = found.parser;
      const guesses = found.scores
        .filter((s) => s.confidence > 0)
        .slice(0, 3)
        .map((s) => `${s.id} ${s.confidence.toFixed(2)}`)
        .join(', ');
      why = `no parser recognised ${this.name}${guesses ? ` (best guesses: ${guesses})` : ''}; pass --format to choose one`;
    }
    if (parser === undefined) {
      this.format = 'unknown';
      return this.unknown(why);
    }
    this.format = parser.id;
    return parser.open(ctx);
  }

  /** A parser for input no format claims: every non-blank line becomes a dead letter saying so. */
  private unknown(detail: string): RecordParser {
    return {
      line: (text, lineNo) => {
        if (text.trim() === '') return;
        this.reject({ reason: 'unknown_format', detail, raw: text, position: String(lineNo) });
      },
      end: () => undefined,
    };
  }

  /**
   * A binary file (NUL bytes, control characters): one dead letter for the whole file instead of one per
   * accidental newline. Windows `.evtx` is named so the user knows to export it as JSON first.
   */
  private binary(sample: string): RecordParser {
    let last = 0;
    const what = sample.startsWith('ElfFile')
      ? 'a binary Windows EVTX file; export it as JSON first (e.g. evtx_dump -o jsonl, or Winlogbeat) and analyze that'
      : 'a binary file, not a text log';
    return {
      line: (_text, lineNo) => {
        last = lineNo;
      },
      end: () => {
        this.reject({
          reason: 'unknown_format',
          detail: `${this.name} is ${what}; its ${last} line(s) were not read`,
          raw: sample.slice(0, 256),
          position: `1-${Math.max(last, 1)}`,
        });
      },
    };
  }

  private reject(r: Rejection): void {
    if (this.silent) return;
    this.stats.rejected++;
    this.handlers.deadLetter({
      ...r,
      raw: clipRaw(r.raw),
      source: this.name,
      format: this.format,
      time: Date.now(),
    });
  }
}

/** True when a sample has NUL bytes or is more than a tenth control characters: not a text log. */
export function looksBinary(sample: string): boolean {
  const head = sample.slice(0, 4096);
  if (head.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return head.length > 0 && control / head.length > 0.1;
}

/** Open a file as a source. Throws only when the file cannot be opened at all (the caller reports it). */
export async function openFileSource(
  path: string,
  options: SourceOptions,
  handlers: SourceHandlers,
): Promise<FileSource> {
  const st = await stat(path);
  const reader = await openLineReader(path, options.maxLine);
  return new FileSource(path, st.size, st.mtimeMs, reader, options, handlers);
}
