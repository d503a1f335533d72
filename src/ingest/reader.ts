/**
 * Line reader for files: streams bytes with bounded memory, un-gzips transparently (by magic bytes, not by
 * name), splits on LF (dropping a CR before it), and bounds line length. A line longer than the limit is not
 * buffered whole: its head is kept for the dead letter and the rest skipped until the next LF.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { clipRaw } from '../model/index.js';

/** Default longest line: 16 MiB of text. Bulk FHIR lines with attachments stay well under this. */
export const DEFAULT_MAX_LINE = 16 * 1024 * 1024;

/** A batch of complete lines and where they start. */
export interface LineBatch {
  /** Lines in order; `null` marks an overlong line, described by the next entry of {@link LineReader.overlong}. */
  lines: (string | null)[];
  /** Line number (from 1) of lines[0]. */
  firstLineNo: number;
}

/** A line the reader could not deliver whole. */
export interface OverlongLine {
  lineNo: number;
  length: number;
  head: string;
}

/** Why a stream ended early. */
export interface ReadFailure {
  reason: 'truncated_gzip' | 'io_error';
  detail: string;
  /** Last line number fully read before the failure. */
  lineNo: number;
}

/** Reads one file as batches of lines. Create with {@link openLineReader}. */
export class LineReader {
  readonly gzip: boolean;
  /** Lines skipped for being too long, drained by the caller after each batch. */
  overlong: OverlongLine[] = [];
  /** Set when the stream failed; the lines before it were delivered. */
  failure: ReadFailure | undefined;

  private readonly raw: ReadStream;
  private readonly iter: AsyncIterator<Buffer>;
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  /** When > 0 the current line is overlong: its length so far. */
  private overlongLength = 0;
  private overlongHead = '';
  private lineNo = 0;
  private done = false;
  private first = true;

  constructor(
    path: string,
    gzip: boolean,
    private readonly maxLine: number,
  ) {
    this.gzip = gzip;
    this.raw = createReadStream(path, { highWaterMark: 64 * 1024 });
    const stream: Readable = gzip ? this.raw.pipe(createGunzip()) : this.raw;
    if (gzip) {
      // A read error on the file must surface through the gunzip stream we iterate.
      this.raw.on('error', (err) => stream.destroy(err));
    }
    this.iter = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** Next batch of lines, or null at the end. Never throws for bad input: see {@link failure}. */
  async next(): Promise<LineBatch | null> {
    while (!this.done) {
      let chunk: IteratorResult<Buffer>;
      try {
        chunk = await this.iter.next();
      } catch (err) {
        this.failure = describeFailure(err, this.gzip, this.lineNo);
        this.done = true;
        break;
      }
      if (chunk.done) {
        this.done = true;
        break;
      }
      let text = this.decoder.write(chunk.value);
      if (this.first) {
        this.first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      const batch = this.split(text);
      if (batch.lines.length > 0) return batch;
    }
    return this.tail();
  }

  /** Bytes of the file consumed so far (compressed bytes for gzip): drives progress bars. */
  get bytesRead(): number {
    return this.raw.bytesRead;
  }

  /** Close the underlying file early (e.g. after sniffing a file nobody will read). */
  close(): void {
    this.raw.destroy();
  }

  private split(text: string): LineBatch {
    const lines: (string | null)[] = [];
    const firstLineNo = this.lineNo + 1;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl === -1) break;
      lines.push(this.takeLine(text, start, nl));
      start = nl + 1;
    }
    this.appendPartial(text, start);
    return { lines, firstLineNo };
  }

  /** The completed line ending at `end`, or null (recorded in `overlong`) when it was too long. */
  private takeLine(text: string, start: number, end: number): string | null {
    this.lineNo++;
    if (this.overlongLength > 0) {
      this.overlong.push({
        lineNo: this.lineNo,
        length: this.overlongLength + (end - start),
        head: this.overlongHead,
      });
      this.overlongLength = 0;
      this.overlongHead = '';
      return null;
    }
    let line = this.partial.length > 0 ? this.partial + text.slice(start, end) : text.slice(start, end);
    this.partial = '';
    if (line.length > this.maxLine) {
      this.overlong.push({ lineNo: this.lineNo, length: line.length, head: clipRaw(line) });
      return null;
    }
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    return line;
  }

  private appendPartial(text: string, start: number): void {
    if (start >= text.length) return;
    if (this.overlongLength > 0) {
      this.overlongLength += text.length - start;
      return;
    }
    this.partial += text.slice(start);
    if (this.partial.length > this.maxLine) {
      this.overlongLength = this.partial.length;
      this.overlongHead = clipRaw(this.partial);
      this.partial = '';
    }
  }

  private tail(): LineBatch | null {
    const rest = this.decoder.end();
    if (rest.length > 0) this.appendPartial(rest, 0);
    if (this.overlongLength > 0) {
      this.lineNo++;
      this.overlong.push({ lineNo: this.lineNo, length: this.overlongLength, head: this.overlongHead });
      this.overlongLength = 0;
      return { lines: [null], firstLineNo: this.lineNo };
    }
    if (this.partial.length > 0) {
      const line =
        this.partial.charCodeAt(this.partial.length - 1) === 13 ? this.partial.slice(0, -1) : this.partial;
      this.partial = '';
      this.lineNo++;
      return { lines: [line], firstLineNo: this.lineNo };
    }
    return null;
  }
}

function describeFailure(err: unknown, gzip: boolean, lineNo: number): ReadFailure {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code ?? '';
  if (gzip && (code.startsWith('Z_') || /unexpected end of file|incorrect header|invalid/i.test(message))) {
    return {
      reason: 'truncated_gzip',
      detail: `gzip stream broke off after line ${lineNo}: ${message}`,
      lineNo,
    };
  }
  return { reason: 'io_error', detail: `read failed after line ${lineNo}: ${message}`, lineNo };
}

/** Open a file for line reading, detecting gzip by its magic bytes (1f 8b). */
export async function openLineReader(path: string, maxLine = DEFAULT_MAX_LINE): Promise<LineReader> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    const gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
    return new LineReader(path, gzip, maxLine);
  } finally {
    await fh.close();
  }
}
