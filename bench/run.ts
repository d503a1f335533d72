/**
 * `npm run bench`: the pipeline (read + parse + normalize + detect, no store) against a bare baseline —
 * read lines + JSON.parse over the same records — measured side by side in the same run, alternating, median of
 * rounds. Reports events/s and the ratio; machines are noisy, so only ratios are compared.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { bareJsonParse } from './baseline.js';
import { analyze, type RunOutput } from '../src/pipeline.js';
import { sshdLog, windowsJson } from './generate.js';

const OUT = join(import.meta.dirname, '..', '..', 'bench', 'out');
const N = Number(process.env.WARD_BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.WARD_BENCH_ROUNDS ?? 3);

/** Pipeline without a store: counts alerts so detection cannot be optimised away. */
async function pipeline(path: string): Promise<{ events: number; alerts: number }> {
  let alerts = 0;
  const output: RunOutput = {
    event: () => undefined,
    context: () => undefined,
    deadLetter: () => undefined,
    alert: () => {
      alerts++;
    },
    pending: 0,
    flush: () => Promise.resolve(),
  };
  const s = await analyze({ inputs: [path], output, parse: { year: 2026 } });
  return { events: s.events, alerts };
}

/** The sshd log as JSON lines (same records, as objects) so the JSON.parse baseline reads the same content. */
async function sshdAsJson(src: string, dst: string): Promise<void> {
  const out = createWriteStream(dst);
  let partial = '';
  for await (const chunk of createReadStream(src, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (partial + (chunk as string)).split('\n');
    partial = lines.pop() ?? '';
    let buf = '';
    for (const l of lines) {
      const m = /^(\w{3} +\d+ [\d:]{8}) (\S+) (\w+)\[(\d+)\]: (.*)$/.exec(l);
      if (m) buf += JSON.stringify({ ts: m[1], host: m[2], app: m[3], pid: Number(m[4]), msg: m[5] }) + '\n';
    }
    if (!out.write(buf)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function time<T>(f: () => Promise<T>): Promise<{ ms: number; result: T }> {
  globalThis.gc?.();
  const t0 = performance.now();
  const result = await f();
  return { ms: performance.now() - t0, result };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function compare(name: string, input: string, baselineInput: string): Promise<void> {
  const base: number[] = [];
  const pipe: number[] = [];
  let events = 0;
  let records = 0;
  let alerts = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const b = await time(() => bareJsonParse(baselineInput));
    const p = await time(() => pipeline(input));
    base.push(b.ms);
    pipe.push(p.ms);
    records = b.result;
    events = p.result.events;
    alerts = p.result.alerts;
  }
  const baseRate = records / (median(base) / 1000);
  const pipeRate = events / (median(pipe) / 1000);
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(11);
  console.log(name);
  console.log(
    `  baseline read-lines + JSON.parse  ${fmt(baseRate)} records/s  (${records.toLocaleString('en-US')} records)`,
  );
  console.log(
    `  ward pipeline parse+detect        ${fmt(pipeRate)} events/s   (${events.toLocaleString('en-US')} events, ${alerts} alerts)`,
  );
  console.log(`  ratio pipeline / baseline          ${(pipeRate / baseRate).toFixed(2)}x  (target >= 0.40x)`);
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const sshd = join(OUT, `sshd-${N}.log`);
  const sshdJson = join(OUT, `sshd-${N}.jsonl`);
  const win = join(OUT, `windows-${N}.jsonl`);
  console.log(`Preparing inputs (${N.toLocaleString('en-US')} records each) in ${OUT} …`);
  await sshdLog(sshd, N);
  await sshdAsJson(sshd, sshdJson);
  await windowsJson(win, N);
  console.log(`Median of ${ROUNDS} alternating rounds, node ${process.version}\n`);
  await compare('sshd auth.log (RFC 3164)', sshd, sshdJson);
  await compare('Windows Security events (JSON lines)', win, win);
}

await main();
