/**
 * `ward eval` as a library: simulate with a seed into a temporary directory, run the batch pipeline over it
 * (`analyze` with `--context`), and score the alerts against truth.jsonl.
 */
import { open, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, DeadLetter } from '../model/index.js';
import { ContextIndex } from '../context/index.js';
import { analyze, type RunSummary } from '../pipeline.js';
import { createDefaultFamilies } from '../detect/registry.js';
import { sniff } from '../ingest/sniff.js';
import { writeSimulation, type SimOptions } from '../sim/index.js';
import { DEFAULT_GRACE_MS, score, type Scores } from './score.js';

/** What to evaluate. */
export interface EvalOptions extends SimOptions {
  /** Keep the simulated files here instead of a temporary directory. */
  keep?: string;
  graceMs?: number;
  onPhase?: (phase: 'simulate' | 'analyze' | 'score') => void;
}

/** An evaluation's result: the options, run facts and scores. */
export interface EvalReport extends Scores {
  options: { seed: number; staff: number; patients: number; days: number };
  events: number;
  rejected: number;
  /** Log files no parser reads yet (left out of the run). */
  unread: string[];
  elapsedMs: number;
}

/** Log files whose content some parser recognises, and those none does. */
async function readableLogs(dir: string): Promise<{ read: string[]; unread: string[] }> {
  const read: string[] = [];
  const unread: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      const sample = buf.subarray(0, bytesRead).toString('utf8');
      const end = sample.lastIndexOf('\n');
      (sniff(end > 0 ? sample.slice(0, end + 1) : sample, name).parser ? read : unread).push(path);
    } finally {
      await fh.close();
    }
  }
  return { read, unread };
}

/** What an in-memory analysis gave: alerts, dead letters, ids of the events read, the summary, detector ids run. */
export interface MemoryRun {
  alerts: Alert[];
  dead: DeadLetter[];
  ids: Set<string>;
  summary: RunSummary;
  known: Set<string>;
}

/**
 * Analyze `inputs` (after `context`) with every detector family and the live context index, keeping results in
 * memory (no store): the run behind `ward eval` and the generators' evaluations.
 */
export async function analyzeInMemory(inputs: string[], context?: string[]): Promise<MemoryRun> {
  const alerts: Alert[] = [];
  const dead: DeadLetter[] = [];
  const ids = new Set<string>();
  const contextIndex = new ContextIndex();
  const families = createDefaultFamilies({ context: contextIndex });
  const summary = await analyze({
    contextIndex,
    inputs,
    ...(context !== undefined ? { context } : {}),
    families,
    output: {
      event: (e) => ids.add(e.id),
      context: () => undefined,
      deadLetter: (d) => dead.push(d),
      alert: (a) => alerts.push(a),
      pending: 0,
      flush: () => Promise.resolve(),
    },
  });
  const known = new Set(families.flatMap((f) => f.detectors.map((d) => d.id)));
  return { alerts, dead, ids, summary, known };
}

/** Simulate, analyze, score. */
export async function runEval(opt: EvalOptions): Promise<EvalReport> {
  const started = Date.now();
  const dir = opt.keep ?? (await mkdtemp(join(tmpdir(), 'ward-eval-')));
  try {
    opt.onPhase?.('simulate');
    const sim = await writeSimulation(opt, dir);
    opt.onPhase?.('analyze');
    const logs = await readableLogs(join(dir, 'logs'));
    const { alerts, summary, known } = await analyzeInMemory(logs.read, [join(dir, 'context')]);
    opt.onPhase?.('score');
    const scores = score(sim.truth, alerts, opt.days, known, opt.graceMs ?? DEFAULT_GRACE_MS);
    const rejected = Object.entries(summary.rejectedByReason)
      .filter(([reason]) => reason !== 'unsupported_type')
      .reduce((s, [, n]) => s + n, 0);
    return {
      options: { seed: opt.seed, staff: opt.staff, patients: opt.patients, days: opt.days },
      events: summary.events,
      rejected,
      unread: logs.unread.map((p) => p.slice(dir.length + 1)),
      ...scores,
      elapsedMs: Date.now() - started,
    };
  } finally {
    if (opt.keep === undefined) await rm(dir, { recursive: true, force: true });
  }
}
