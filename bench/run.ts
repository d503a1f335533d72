/**
 * `npm run bench`: the pipeline (read + parse + normalize + detect, no store) against a bare baseline —
 * read lines + JSON.parse over the same records — measured side by side in the same run, alternating, median of
 * rounds. Reports events/s and the ratio; machines are noisy, so only ratios are compared.
 *
 * Inputs (bench/generate.ts): the hospital-like sshd and Windows files, then the worst case (Windows, a fresh
 * random source address per event), reported separately. `WARD_BENCH_INPUTS=sshd,windows,worst` picks some.
 * `WARD_BENCH_BEFORE=<dir>` adds a third arm, the pipeline of another build (`<dir>/src/pipeline.js`, e.g. the
 * dist/ of an earlier commit), alternating with the others, so a before/after comparison shares one run.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { bareJsonParse } from './baseline.js';
import { defaultGeo } from '../src/enrich/geoip.js';
import { analyze, type RunOutput } from '../src/pipeline.js';
import { sshdHospitalLog, windowsHospitalJson, windowsJson } from './generate.js';

const OUT = join(import.meta.dirname, '..', '..', 'bench', 'out');
const N = Number(process.env.WARD_BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.WARD_BENCH_ROUNDS ?? 3);
const INPUTS = (process.env.WARD_BENCH_INPUTS ?? 'sshd,windows,worst').split(',');
const BEFORE = process.env.WARD_BENCH_BEFORE;

type Analyze = typeof analyze;
const before: Analyze | undefined =
  BEFORE === undefined
    ? undefined
    : ((await import(join(BEFORE, 'src', 'pipeline.js'))) as { analyze: Analyze }).analyze;

/** Pipeline without a store: counts alerts so detection cannot be optimised away. */
async function pipeline(path: string, run: Analyze = analyze): Promise<{ events: number; alerts: number }> {
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
  const s = await run({ inputs: [path], output, parse: { year: 2026 } });
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

/** Wall time and CPU time (all threads, GC included: steadier than wall time on a shared machine). */
async function time<T>(f: () => Promise<T>): Promise<{ ms: number; cpu: number; result: T }> {
  globalThis.gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, result };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const ratios = (base: number[], pipe: number[]): string =>
  pipe
    .map((p, i) => (base[i]! / p).toFixed(2))
    .sort()
    .join(' ');

async function compare(name: string, input: string, baselineInput: string): Promise<void> {
  const base: number[] = [];
  const pipe: number[] = [];
  const prev: number[] = [];
  const baseCpu: number[] = [];
  const pipeCpu: number[] = [];
  const prevCpu: number[] = [];
  let events = 0;
  let records = 0;
  let alerts = 0;
  let prevAlerts = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const b = await time(() => bareJsonParse(baselineInput));
    const p = await time(() => pipeline(input));
    base.push(b.ms);
    pipe.push(p.ms);
    baseCpu.push(b.cpu);
    pipeCpu.push(p.cpu);
    records = b.result;
    events = p.result.events;
    alerts = p.result.alerts;
    if (before !== undefined) {
      const q = await time(() => pipeline(input, before));
      prev.push(q.ms);
      prevCpu.push(q.cpu);
      prevAlerts = q.result.alerts;
    }
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
  // Each round's ratio against the baseline of the same round: the spread shows how noisy the machine was.
  console.log(
    `  ratio pipeline / baseline          ${(pipeRate / baseRate).toFixed(2)}x  (target >= 0.40x; rounds ${ratios(base, pipe)})`,
  );
  const perCpu = (cpu: number[]): string => (median(baseCpu) / median(cpu)).toFixed(2);
  console.log(
    `  ratio per CPU second               ${perCpu(pipeCpu)}x  (rounds ${ratios(baseCpu, pipeCpu)})`,
  );
  if (before !== undefined) {
    const prevRate = events / (median(prev) / 1000);
    console.log(
      `  before (${BEFORE ?? ''})  ${fmt(prevRate)} events/s   (${prevAlerts} alerts)  ratio ${(prevRate / baseRate).toFixed(2)}x  (rounds ${ratios(base, prev)}), per CPU second ${perCpu(prevCpu)}x  (rounds ${ratios(baseCpu, prevCpu)})`,
    );
  }
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const sshd = join(OUT, `sshd-hospital-${N}.log`);
  const sshdJson = join(OUT, `sshd-hospital-${N}.jsonl`);
  const win = join(OUT, `windows-hospital-${N}.jsonl`);
  const worst = join(OUT, `windows-${N}.jsonl`);
  console.log(`Preparing inputs (${N.toLocaleString('en-US')} records each) in ${OUT} …`);
  if (INPUTS.includes('sshd')) {
    await sshdHospitalLog(sshd, N);
    await sshdAsJson(sshd, sshdJson);
  }
  if (INPUTS.includes('windows')) await windowsHospitalJson(win, N);
  if (INPUTS.includes('worst')) await windowsJson(worst, N);
  // The offline GeoIP tables load once per process on the first public address (1–2 s, a start-up cost that
  // `ward start` pays in the background): loaded before timing so every round measures the same work.
  defaultGeo().lookup('8.8.8.8');
  if (BEFORE !== undefined) {
    const g = (await import(join(BEFORE, 'src', 'enrich', 'geoip.js'))) as { defaultGeo: typeof defaultGeo };
    g.defaultGeo().lookup('8.8.8.8');
  }
  console.log(`Median of ${ROUNDS} alternating rounds, node ${process.version}\n`);
  if (INPUTS.includes('sshd')) await compare('sshd auth.log, hospital servers (RFC 3164)', sshd, sshdJson);
  if (INPUTS.includes('windows'))
    await compare('Windows Security events, hospital domain (JSON lines)', win, win);
  if (INPUTS.includes('worst'))
    await compare('Windows Security events, worst case: a fresh random source per event', worst, worst);
}

await main();
