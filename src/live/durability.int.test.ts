/**
 * kill -9 during live ingest, then restart: no acknowledged event lost, none stored twice, detector state
 * restored (a brute force that straddles the kill alerts exactly once), and the store ends up as after an
 * uninterrupted run. The service runs as a child process from the build (dist/, made by `npm ci`'s prepare);
 * a stale or missing build is rebuilt first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { ensureBuilt as ensureBuiltFile } from '../../test/support/build.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(ROOT, 'dist/src/live/durability-child.js');

/** Build dist/ when the child script is missing or older than a source file. */
function ensureBuilt(): void {
  ensureBuiltFile('dist/src/live/durability-child.js');
}

interface Ack {
  n: number;
  ok: boolean;
  accepted?: number;
  duplicates?: number;
}

class Service {
  private constructor(
    readonly proc: ChildProcess,
    private readonly sock: Socket,
    readonly acks: Map<number, Ack>,
    private readonly waiters: Map<number, () => void>,
  ) {}

  static async start(store: string): Promise<Service> {
    const proc = spawn(process.execPath, [CHILD, store], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const port = await new Promise<number>((res, rej) => {
      let out = '';
      const timer = setTimeout(() => rej(new Error(`child did not start: ${err}`)), 30_000);
      proc.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /ready (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          res(Number(m[1]));
        }
      });
      proc.on('exit', (code) => rej(new Error(`child exited ${code}: ${err}`)));
    });
    const sock = connect(port, '127.0.0.1');
    await new Promise<void>((res, rej) => sock.once('connect', res).once('error', rej));
    const acks = new Map<number, Ack>();
    const waiters = new Map<number, () => void>();
    let buf = '';
    sock.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const a = JSON.parse(buf.slice(0, nl)) as Ack;
        buf = buf.slice(nl + 1);
        acks.set(a.n, a);
        waiters.get(a.n)?.();
      }
    });
    sock.on('error', () => undefined);
    return new Service(proc, sock, acks, waiters);
  }

  send(n: number, records: string[], firstLine: number): void {
    this.sock.write(JSON.stringify({ n, source: 'auth.log', format: 'syslog', firstLine, records }) + '\n');
  }

  ack(n: number): Promise<Ack> {
    const got = this.acks.get(n);
    if (got) return Promise.resolve(got);
    return new Promise((res) => this.waiters.set(n, () => res(this.acks.get(n)!)));
  }

  kill9(): Promise<void> {
    return new Promise((res) => {
      this.proc.once('exit', () => res());
      this.proc.kill('SIGKILL');
    });
  }

  stop(): Promise<void> {
    this.sock.destroy();
    return new Promise((res) => {
      this.proc.once('exit', () => res());
      this.proc.kill('SIGTERM');
    });
  }
}

/** 60 deliveries of 5 sshd lines; deliveries 20–31 carry a brute force from one address, then time moves on. */
function workload(): string[][] {
  const out: string[][] = [];
  let t = Date.UTC(2026, 2, 4, 9, 0, 0);
  for (let n = 0; n < 60; n++) {
    const recs: string[] = [];
    for (let k = 0; k < 5; k++) {
      t += n === 59 && k === 0 ? 30 * 60_000 : 2000;
      const iso = new Date(t).toISOString();
      const attack = n >= 20 && n < 32 && k < 2;
      const ip = attack ? '203.0.113.66' : `10.1.${n % 7}.${k + 1}`;
      const what = attack || (n + k) % 9 === 0 ? 'Failed password for root' : `Accepted password for u${k}`;
      recs.push(`<38>1 ${iso} web01 sshd ${1000 + n} - - ${what} from ${ip} port ${40000 + n * 5 + k} ssh2`);
    }
    out.push(recs);
  }
  return out;
}

async function snapshot(path: string): Promise<{ ids: string[]; alerts: string[]; counts: unknown }> {
  const store = await openStore(path);
  try {
    const ev = await store.searchEvents({ limit: 10_000 });
    const al = await store.listAlerts({ limit: 1000 });
    return {
      ids: ev.items.map((e) => `${e.source}|${e.id}`),
      alerts: al.items.map((a) => `${a.detector}|${a.id}|${a.events.join(',')}`).sort(),
      counts: await store.counts(),
    };
  } finally {
    await store.close();
  }
}

describe('live durability (kill -9)', () => {
  let dir: string;
  beforeAll(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'ward-durability-'));
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged event, stores none twice and alerts once across a kill -9', async () => {
    const work = workload();
    const firstLine = (n: number): number => n * 5 + 1;

    // Reference: one uninterrupted run.
    const refPath = join(dir, 'ref.duckdb');
    const ref = await Service.start(refPath);
    for (let n = 0; n < work.length; n++) ref.send(n, work[n]!, firstLine(n));
    for (let n = 0; n < work.length; n++) expect((await ref.ack(n)).ok).toBe(true);
    await ref.stop();

    // Interrupted: pipeline deliveries, kill -9 in the middle of the brute force with more in flight.
    const path = join(dir, 'ward.duckdb');
    const a = await Service.start(path);
    for (let n = 0; n < 26; n++) a.send(n, work[n]!, firstLine(n));
    await a.ack(24);
    await a.kill9();
    const acked = [...a.acks.values()].filter((x) => x.ok).map((x) => x.n);
    expect(acked.length).toBeGreaterThanOrEqual(25);
    const resumeAt = Math.max(...acked) + 1;

    // Restart; the client resends everything not acknowledged (some of it may be stored already).
    const b = await Service.start(path);
    for (let n = resumeAt; n < work.length; n++) b.send(n, work[n]!, firstLine(n));
    let resentDuplicates = 0;
    for (let n = resumeAt; n < work.length; n++) {
      const ack = await b.ack(n);
      expect(ack.ok).toBe(true);
      resentDuplicates += ack.duplicates ?? 0;
    }
    // A resend of something acknowledged is recognised too.
    b.send(1000, work[3]!, firstLine(3));
    expect(await b.ack(1000)).toMatchObject({ ok: true, accepted: 0, duplicates: 5 });
    await b.stop();

    const got = await snapshot(path);
    const want = await snapshot(refPath);
    expect(got.ids.length).toBe(work.length * 5);
    expect(new Set(got.ids).size).toBe(got.ids.length);
    expect(got.ids.slice().sort()).toEqual(want.ids.slice().sort());
    expect(got.alerts.filter((x) => x.startsWith('auth.bruteforce|'))).toHaveLength(1);
    expect(got.alerts).toEqual(want.alerts);
    expect(got.counts).toEqual(want.counts);
    expect(resentDuplicates).toBeGreaterThanOrEqual(0);
  }, 180_000);
});
