/**
 * File tailing: follows files (paths or `*`/`?` patterns in the file name), submits new complete lines, and
 * survives rotation. Rotation by rename + recreate shows as a new inode at the path: the old file is read to its
 * end through the handle still open on it, then the new one from its start. Copytruncate shows as a file
 * shorter than the offset read: reading restarts at 0. Line numbers keep counting across rotations, so ids
 * `<file name>:<line>` never repeat.
 *
 * Offsets (inode, byte offset, line number) are saved in store checkpoints (`tail:<absolute path>`) after each
 * acknowledged delivery, so a restart neither re-reads nor skips; a crash between the acknowledgement and the
 * offset save re-sends a few lines, which the pipeline recognises as duplicates (same ids).
 *
 * Misses: a file truncated and refilled past the old offset between two polls looks unchanged; lines written to
 * a rotated file after the next poll found the new one are not read.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Store } from '../store/store.js';
import { BusyError, type Delivery, type LiveIngest } from './ingest.js';

/** Options of {@link TailInput}. */
export interface TailOptions {
  /** Files to follow: paths, or patterns with `*` / `?` in the file name part. */
  paths: string[];
  /** Format id of every file; default: sniffed per delivery. */
  format?: string;
  /** How often files are checked, ms; default 500. */
  pollMs?: number;
  /** Files found with no saved offset are read from their end instead of their start. */
  startAtEnd?: boolean;
  /** Longest line kept, bytes; a longer line becomes a dead letter with its head. Default 1 MiB. */
  maxLineBytes?: number;
  /** Most lines per delivery; default 1000. */
  batchLines?: number;
}

/** Saved position in one followed file. */
export interface TailOffset {
  ino: number;
  offset: number;
  line: number;
}

interface Followed {
  path: string;
  name: string;
  fh: FileHandle | undefined;
  ino: number;
  /** Bytes consumed up to the end of the last complete line handed on. */
  offset: number;
  line: number;
  /** Bytes of an unfinished last line. */
  partial: Buffer;
  /** Skipping the rest of an overlong line. */
  discarding: boolean;
}

const CHUNK = 64 * 1024;

function matcher(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/** Follows files into a {@link LiveIngest}; offsets live in the store's checkpoints. */
export class TailInput {
  private readonly files = new Map<string, Followed>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ingest: LiveIngest,
    private readonly store: Pick<Store, 'loadCheckpoint' | 'saveCheckpoint'>,
    private readonly o: TailOptions,
  ) {}

  /** Read what is there, then keep polling. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.poll();
    const tick = (): void => {
      if (this.stopped) return;
      void this.poll().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.o.pollMs ?? 500);
      });
    };
    this.timer = setTimeout(tick, this.o.pollMs ?? 500);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    for (const f of this.files.values()) await f.fh?.close();
    this.files.clear();
  }

  /** Check every file once: pick up new files, read new lines, handle rotation. Polls run one at a time. */
  poll(): Promise<void> {
    const run = this.polling.then(() => this.pollOnce());
    this.polling = run.catch(() => undefined);
    return run;
  }

  private async pollOnce(): Promise<void> {
    for (const path of await this.expand()) {
      if (this.stopped) return;
      try {
        await this.follow(path);
      } catch {
        // A file that vanished or cannot be read now is tried again next poll.
      }
    }
  }

  private async expand(): Promise<string[]> {
    const out: string[] = [];
    for (const p of this.o.paths) {
      const abs = resolve(p);
      const name = basename(abs);
      if (!/[*?]/.test(name)) {
        out.push(abs);
        continue;
      }
      const re = matcher(name);
      const dir = dirname(abs);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const n of names.sort()) if (re.test(n)) out.push(join(dir, n));
    }
    return out;
  }

  private async follow(path: string): Promise<void> {
    let f = this.files.get(path);
    if (f === undefined) {
      const st = await stat(path).catch(() => undefined);
      if (st === undefined || !st.isFile()) return;
      const saved = (await this.store.loadCheckpoint(`tail:${path}`)) as TailOffset | undefined;
      f = {
        path,
        name: basename(path),
        fh: undefined,
        ino: st.ino,
        offset: 0,
        line: 0,
        partial: Buffer.alloc(0),
        discarding: false,
      };
      if (saved !== undefined) {
        f.line = saved.line;
        // Same file and not shorter: continue where we were. Otherwise it rotated while Ward was down.
        if (saved.ino === st.ino && st.size >= saved.offset) f.offset = saved.offset;
      } else if (this.o.startAtEnd === true) {
        f.offset = st.size;
      }
      f.fh = await open(path, 'r');
      this.files.set(path, f);
    }
    // Drain the handle first: after a rename it still reads the rotated file to its end.
    await this.read(f);
    const st = await stat(path).catch(() => undefined);
    if (st === undefined) return;
    if (st.ino !== f.ino) {
      await this.reset(f, st.ino);
      f.fh = await open(path, 'r');
      await this.read(f);
    } else if (st.size < f.offset) {
      await this.reset(f, st.ino);
      f.fh = await open(path, 'r');
      await this.read(f);
    }
  }

  private async reset(f: Followed, ino: number): Promise<void> {
    await f.fh?.close();
    f.fh = undefined;
    f.ino = ino;
    f.offset = 0;
    f.partial = Buffer.alloc(0);
    f.discarding = false;
    await this.save(f);
  }

  private async read(f: Followed): Promise<void> {
    const fh = f.fh;
    if (fh === undefined) return;
    const max = this.o.maxLineBytes ?? 1024 * 1024;
    const batch = this.o.batchLines ?? 1000;
    let pos = f.offset + f.partial.length;
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      let data =
        f.partial.length > 0
          ? Buffer.concat([f.partial, buf.subarray(0, bytesRead)])
          : buf.subarray(0, bytesRead);
      let start = 0;
      let consumed = f.offset;
      const d: Delivery = { source: f.name, records: [], firstLine: f.line + 1, rejections: [] };
      if (this.o.format !== undefined) d.format = this.o.format;
      let nl: number;
      while ((nl = data.indexOf(0x0a, start)) >= 0) {
        const len = nl - start;
        if (f.discarding) {
          f.discarding = false;
        } else if (len > max) {
          this.overlong(f, d, data.subarray(start, start + 1024), len);
        } else {
          const end = len > 0 && data[nl - 1] === 0x0d ? nl - 1 : nl;
          d.records.push(data.toString('utf8', start, end));
        }
        consumed += len + 1;
        start = nl + 1;
        if (d.records.length >= batch) {
          await this.deliver(f, d, consumed);
          d.records = [];
          d.rejections = [];
          d.firstLine = f.line + 1;
        }
      }
      await this.deliver(f, d, consumed);
      data = data.subarray(start);
      if (f.discarding || data.length > max) {
        if (!f.discarding) this.overlongPending(f, data, max);
        f.offset += data.length;
        f.partial = Buffer.alloc(0);
      } else {
        // Copy: `buf` is reused for the next read.
        f.partial = Buffer.from(data);
      }
    }
  }

  private overlong(f: Followed, d: Delivery, head: Buffer, len: number): void {
    // Records and rejections share the line numbering: flush records before so positions stay in order.
    const lineNo = (d.firstLine ?? 1) + d.records.length;
    d.records.push('');
    d.rejections!.push({
      reason: 'line_too_long',
      detail: `line ${lineNo} is ${len} bytes, over the ${this.o.maxLineBytes ?? 1024 * 1024} byte limit; its head is kept`,
      raw: head.toString('utf8'),
      position: String(lineNo),
    });
  }

  /** An unfinished line already over the limit: dead-letter its head now and skip to its newline. */
  private overlongPending(f: Followed, data: Buffer, max: number): void {
    f.discarding = true;
    f.line++;
    void this.ingest
      .submit({
        source: f.name,
        records: [],
        rejections: [
          {
            reason: 'line_too_long',
            detail: `line ${f.line} is over the ${max} byte limit; its head is kept`,
            raw: data.subarray(0, 1024).toString('utf8'),
            position: String(f.line),
          },
        ],
      })
      .catch(() => undefined);
  }

  /** Submit (waiting out BusyError), then record the offset as read. */
  private async deliver(f: Followed, d: Delivery, consumed: number): Promise<void> {
    if (d.records.length === 0 && (d.rejections?.length ?? 0) === 0) {
      f.offset = consumed;
      return;
    }
    for (;;) {
      try {
        await this.ingest.submit(d);
        break;
      } catch (err) {
        if (!(err instanceof BusyError) || this.stopped) throw err;
        await new Promise((res) => setTimeout(res, err.retryAfterMs));
      }
    }
    f.line += d.records.length;
    f.offset = consumed;
    f.partial = Buffer.alloc(0);
    await this.save(f);
  }

  private save(f: Followed): Promise<void> {
    const data: TailOffset = { ino: f.ino, offset: f.offset, line: f.line };
    return this.store.saveCheckpoint(`tail:${f.path}`, data);
  }
}
