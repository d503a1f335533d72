/**
 * `npm run bench:ehr`: EHR privacy at hospital scale (issue 5). A simulated hospital — 2,000 staff, 50,000
 * patients, 30 days by default (`WARD_BENCH_STAFF`, `WARD_BENCH_PATIENTS`, `WARD_BENCH_DAYS`) — is written once
 * to bench/out/ by ehr-generate.ts (the simulator's hospital and renderers, streamed day by day) and reused. Then, alternating in the same process, median of `WARD_BENCH_ROUNDS`:
 * (a) the bare baseline, read lines + JSON.parse of the AuditEvent file; (b) `analyze()` with the FHIR Bulk
 * context loaded first and every detector family on, no store. Reports accesses/s, the ratio, peak RSS and heap
 * (sampled), the memory the context index and the detector state keep, and the share of accesses explained.
 */
import { stat, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ContextIndex } from '../src/context/index.js';
import type { DetectorFamily } from '../src/detect/detector.js';
import type { EhrPrivacyFamily } from '../src/detect/ehr/ehr-privacy.js';
import { createDefaultFamilies } from '../src/detect/registry.js';
import { analyze, type RunOutput, type RunSummary } from '../src/pipeline.js';
import { bareJsonParse } from './baseline.js';
import { writeEhrDataset } from './ehr-generate.js';

const OUT = join(import.meta.dirname, '..', '..', 'bench', 'out');
const STAFF = Number(process.env.WARD_BENCH_STAFF ?? 2_000);
const PATIENTS = Number(process.env.WARD_BENCH_PATIENTS ?? 50_000);
const DAYS = Number(process.env.WARD_BENCH_DAYS ?? 30);
const ROUNDS = Number(process.env.WARD_BENCH_ROUNDS ?? 3);
const SEED = Number(process.env.WARD_BENCH_SEED ?? 1);
const MB = 1024 * 1024;

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const mb = (x: number): string => `${Math.round(x / MB).toLocaleString('en-US')} MB`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The dataset's directory, written once (a `done.json` marks a complete dataset). */
async function dataset(): Promise<string> {
  const dir = join(OUT, `ehr-${STAFF}-${PATIENTS}-${DAYS}-s${SEED}`);
  const done = join(dir, 'done.json');
  if (await exists(done)) return dir;
  console.log(`Writing ${fmt(STAFF)} staff, ${fmt(PATIENTS)} patients, ${DAYS} days into ${dir} …`);
  const t0 = performance.now();
  const res = await writeEhrDataset({ seed: SEED, staff: STAFF, patients: PATIENTS, days: DAYS }, dir);
  const took = (performance.now() - t0) / 1000;
  const rss = process.resourceUsage().maxRSS * 1024;
  console.log(`  ${fmt(res.accesses)} AuditEvents in ${took.toFixed(0)} s, peak RSS ${mb(rss)}`);
  await writeFile(done, JSON.stringify({ ...res, seconds: took, maxRss: rss }, null, 1));
  return dir;
}

/**
 * Wall time, CPU time (all threads of the process) and peak RSS and heap while `f` runs, sampled every 50 ms
 * and at the end. On a shared machine the CPU time is the steadier measure: wall time also counts the time
 * other processes had the cores.
 */
async function sampled<T>(
  f: () => Promise<T>,
): Promise<{ ms: number; cpuMs: number; rss: number; heap: number; result: T }> {
  globalThis.gc?.();
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  try {
    const result = await f();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    sample();
    return { ms, cpuMs: (c.user + c.system) / 1000, rss, heap, result };
  } finally {
    clearInterval(timer);
  }
}

/** Heap in use after a full collection. */
function heapAfterGc(): number {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

const nullOutput = (counter: { alerts: number }): RunOutput => ({
  event: () => undefined,
  context: () => undefined,
  deadLetter: () => undefined,
  alert: () => {
    counter.alerts++;
  },
  pending: 0,
  flush: () => Promise.resolve(),
});

interface PipelineRun {
  summary: RunSummary;
  alerts: number;
  index: ContextIndex;
  families: DetectorFamily[];
}

/** The pipeline without a store: context first, then the AuditEvents, every detector family on. */
async function pipeline(context: string, audit: string): Promise<PipelineRun> {
  const counter = { alerts: 0 };
  const index = new ContextIndex();
  const families = createDefaultFamilies({ context: index });
  const summary = await analyze({
    inputs: [audit],
    context: [context],
    output: nullOutput(counter),
    contextIndex: index,
    families,
  });
  return { summary, alerts: counter.alerts, index, families };
}

function ehrFamily(families: DetectorFamily[]): EhrPrivacyFamily | undefined {
  const f = families.find((x) => x.name === 'ehr-privacy');
  return f !== undefined && 'stats' in f ? (f as EhrPrivacyFamily) : undefined;
}

async function main(): Promise<void> {
  const dir = await dataset();
  const context = join(dir, 'context');
  const audit = join(dir, 'logs', 'audit-events.ndjson');
  const auditBytes = (await stat(audit)).size;

  // Memory the context index keeps: the heap with the loaded index held, less the heap before.
  const before = heapAfterGc();
  const ctxRun = await sampled(async () => {
    const index = new ContextIndex();
    await analyze({
      inputs: [],
      context: [context],
      output: nullOutput({ alerts: 0 }),
      contextIndex: index,
      families: [],
    });
    return index;
  });
  const contextHeap = heapAfterGc() - before;
  const contextMs = ctxRun.ms;
  const indexSize = ctxRun.result.size;

  const base: number[] = [];
  const pipe: number[] = [];
  const baseCpu: number[] = [];
  const pipeCpu: number[] = [];
  let records = 0;
  const held: { last?: PipelineRun } = {};
  let peakRss = 0;
  let peakHeap = 0;
  let baseRss = 0;
  for (let i = 0; i < ROUNDS; i++) {
    held.last = undefined; // let the previous round's state go before measuring
    const b = await sampled(() => bareJsonParse(audit));
    base.push(b.ms);
    baseCpu.push(b.cpuMs);
    records = b.result;
    baseRss = Math.max(baseRss, b.rss);
    const p = await sampled(() => pipeline(context, audit));
    pipe.push(p.ms);
    pipeCpu.push(p.cpuMs);
    peakRss = Math.max(peakRss, p.rss);
    peakHeap = Math.max(peakHeap, p.heap);
    held.last = p.result;
    console.log(
      `  round ${i + 1}: baseline ${(b.ms / 1000).toFixed(1)} s (CPU ${(b.cpuMs / 1000).toFixed(1)} s), pipeline ${(p.ms / 1000).toFixed(1)} s (CPU ${(p.cpuMs / 1000).toFixed(1)} s), load ${loadavg()[0]?.toFixed(1)}`,
    );
  }
  if (!held.last) return;

  // Memory the detectors keep after the run: the heap with the last run's index and families held, less the
  // heap before any run and the context index alone.
  const detectorHeap = heapAfterGc() - before - contextHeap;
  const { summary, alerts } = held.last;
  const ehr = ehrFamily(held.last.families)?.stats();

  const accesses = summary.eventsByClass.ehr_access ?? 0;
  const baseRate = records / (median(base) / 1000);
  const pipeRate = accesses / (median(pipe) / 1000);
  const pipeEvents = summary.events / (median(pipe) / 1000);
  const baseCpuRate = records / (median(baseCpu) / 1000);
  const pipeCpuRate = accesses / (median(pipeCpu) / 1000);
  const load = loadavg();
  console.log(`\nEHR privacy at ${fmt(STAFF)} staff, ${fmt(PATIENTS)} patients, ${DAYS} days`);
  console.log(
    `  AuditEvents ${fmt(records)} (${mb(auditBytes)}), ehr_access ${fmt(accesses)}, context records ${fmt(indexSize)}`,
  );
  console.log(
    `  median of ${ROUNDS} alternating rounds, node ${process.version}, load ${load[0]?.toFixed(1)}`,
  );
  console.log(`  baseline read-lines + JSON.parse  ${fmt(baseRate).padStart(11)} records/s`);
  console.log(
    `  ward pipeline (context + detect)  ${fmt(pipeRate).padStart(11)} accesses/s  (${fmt(pipeEvents)} events/s incl. context, ${fmt(alerts)} alerts)`,
  );
  console.log(`  ratio pipeline / baseline          ${(pipeRate / baseRate).toFixed(2)}x  (target >= 0.30x)`);
  console.log(
    `  per CPU second: baseline ${fmt(baseCpuRate)} records/s, pipeline ${fmt(pipeCpuRate)} accesses/s, ratio ${(pipeCpuRate / baseCpuRate).toFixed(2)}x`,
  );
  console.log(
    `  context load                       ${(contextMs / 1000).toFixed(1)} s for ${fmt(indexSize)} records`,
  );
  if (ehr) {
    const share = ehr.accesses > 0 ? ehr.explained / ehr.accesses : 0;
    const kinds = Object.entries(ehr.byKind)
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${k} ${((n / ehr.accesses) * 100).toFixed(1)}%`)
      .join(', ');
    console.log(
      `  explained                          ${(share * 100).toFixed(1)}% of ${fmt(ehr.accesses)} (${kinds})`,
    );
  }
  console.log(
    `  peak RSS: baseline ${mb(baseRss)}, pipeline ${mb(peakRss)}; pipeline peak heap ${mb(peakHeap)}`,
  );
  console.log(`  kept after the run: context index ${mb(contextHeap)}, detector state ${mb(detectorHeap)}`);
}

await main();
