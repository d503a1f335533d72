/**
 * The only file that joins stages: files → parse → normalize → detect → outputs. `ward analyze` (and later the
 * server) call it. Inputs are merged in event-time order; context inputs are read first so detectors can use
 * them; output is flushed in batches (bounded memory) and a checkpoint can be saved and resumed.
 */
import type { Alert, ContextRecord, DeadLetter, WardEvent } from './model/index.js';
import { ContextIndex } from './context/index.js';
import type { DetectorFamily } from './detect/detector.js';
import { createEngine } from './detect/engine.js';
import { createDefaultFamilies } from './detect/registry.js';
import { expandPaths } from './ingest/files.js';
import { TimeMerge } from './ingest/merge.js';
import type { ParseOptions } from './ingest/parser.js';
import { openFileSource, type FileSource, type SourceStats } from './ingest/source.js';

/** Where a run writes what it produced. */
export interface RunOutput {
  event(e: WardEvent): void;
  context(c: ContextRecord): void;
  deadLetter(d: DeadLetter): void;
  alert(a: Alert): void;
  /** Rows buffered but not yet written; the pipeline flushes when it grows. */
  readonly pending: number;
  flush(): Promise<void>;
}

/** State saved so a stopped run continues where it stopped. */
export interface AnalyzeCheckpoint {
  version: 1;
  inputs: { path: string; size: number; mtimeMs: number; lineNo: number }[];
  /** Events read but not yet detected on, per input. */
  pending: WardEvent[][];
  engine: unknown;
  summary: RunSummary;
}

/** Saves and loads checkpoints. */
export interface Checkpointer {
  load(): Promise<AnalyzeCheckpoint | undefined>;
  save(cp: AnalyzeCheckpoint): Promise<void>;
  /** Save after about this many events. */
  every: number;
}

/** Progress of a run, for progress bars. */
export interface Progress {
  bytes: number;
  totalBytes: number;
  events: number;
}

/** What a run asks for. */
export interface AnalyzeRequest {
  inputs: string[];
  context?: string[];
  format?: string;
  parse?: ParseOptions;
  maxLine?: number;
  output: RunOutput;
  /** Detector families; default: every registered family with default settings, reading `contextIndex`. */
  families?: DetectorFamily[];
  /** The context index every context record is added to; default a new one. Give it when giving `families`. */
  contextIndex?: ContextIndex;
  checkpoint?: Checkpointer;
  onProgress?: (p: Progress) => void;
}

/** Per-file outcome. */
export interface FileSummary extends SourceStats {
  path: string;
  format: string;
}

/** What a run did, for the summary table and tests. */
export interface RunSummary {
  events: number;
  eventsByClass: Record<string, number>;
  contextByKind: Record<string, number>;
  rejectedByReason: Record<string, number>;
  alertsByCategory: Record<string, number>;
  alerts: number;
  files: FileSummary[];
  /** Paths given that do not exist or cannot be opened. */
  missing: string[];
  /** Events older than one already processed (out-of-order inputs). */
  lateEvents: number;
  resumed: boolean;
  elapsedMs: number;
}

/** Flush output when this many rows are buffered. */
const FLUSH_AT = 50_000;

function bump(counts: Record<string, number>, key: string, n = 1): void {
  counts[key] = (counts[key] ?? 0) + n;
}

/** Run the batch pipeline over files. Never throws for bad input; throws only for broken outputs. */
export async function analyze(req: AnalyzeRequest): Promise<RunSummary> {
  const started = Date.now();
  const summary: RunSummary = {
    events: 0,
    eventsByClass: {},
    contextByKind: {},
    rejectedByReason: {},
    alertsByCategory: {},
    alerts: 0,
    files: [],
    missing: [],
    lateEvents: 0,
    resumed: false,
    elapsedMs: 0,
  };
  const out = req.output;
  const contextIndex = req.contextIndex ?? new ContextIndex();
  const engine = createEngine({
    families: req.families ?? createDefaultFamilies({ context: contextIndex }),
    emit: (a: Alert) => {
      summary.alerts++;
      bump(summary.alertsByCategory, a.category);
      out.alert(a);
    },
  });
  const handlers = {
    context: (c: ContextRecord) => {
      bump(summary.contextByKind, c.kind);
      contextIndex.add(c);
      out.context(c);
    },
    deadLetter: (d: DeadLetter) => {
      bump(summary.rejectedByReason, d.reason);
      out.deadLetter(d);
    },
  };
  const sourceOptions = { format: req.format, parse: req.parse, maxLine: req.maxLine };

  const contextFiles = await expandPaths(req.context ?? []);
  const inputFiles = await expandPaths(req.inputs);
  summary.missing.push(...contextFiles.missing, ...inputFiles.missing);

  const resume = req.checkpoint ? await req.checkpoint.load() : undefined;
  if (resume) checkResumable(resume, inputFiles.files);

  // Context first, whole: detectors need to know who people are before the first access arrives.
  // Context inputs are sniffed on their own (no --format): they are a different kind of file.
  const all: FileSource[] = [];
  const contextSources: FileSource[] = [];
  for (const path of contextFiles.files) {
    const src = await openOrReport(path, { parse: req.parse, maxLine: req.maxLine }, handlers, summary);
    if (src) contextSources.push(src);
  }
  const inputs: FileSource[] = [];
  for (const [i, path] of inputFiles.files.entries()) {
    const skipThrough = resume?.inputs[i]?.lineNo;
    const src = await openOrReport(path, { ...sourceOptions, skipThrough }, handlers, summary);
    if (src) inputs.push(src);
  }
  all.push(...contextSources, ...inputs);
  const totalBytes = all.reduce((s, f) => s + f.size, 0);
  const progress = (): void =>
    req.onProgress?.({ bytes: all.reduce((s, f) => s + f.bytesRead, 0), totalBytes, events: summary.events });

  let watermark = -Infinity;
  const detect = (batch: WardEvent[]): void => {
    for (const e of batch) {
      if (e.time < watermark) summary.lateEvents++;
      else watermark = e.time;
      summary.events++;
      bump(summary.eventsByClass, e.class);
      out.event(e);
      engine.process(e);
    }
  };

  for (const src of contextSources) {
    for (let b = await src.next(); b !== null; b = await src.next()) {
      detect(b);
      if (out.pending >= FLUSH_AT) await out.flush();
      progress();
    }
  }

  if (resume) {
    engine.restore(resume.engine);
    Object.assign(summary, { ...resume.summary, files: [], missing: summary.missing, resumed: true });
  }
  const merge = new TimeMerge(inputs, resume?.pending ?? []);
  let sinceCheckpoint = 0;
  for (let run = await merge.next(); run !== null; run = await merge.next()) {
    detect(run);
    sinceCheckpoint += run.length;
    if (out.pending >= FLUSH_AT) await out.flush();
    if (req.checkpoint && sinceCheckpoint >= req.checkpoint.every) {
      sinceCheckpoint = 0;
      await out.flush();
      await req.checkpoint.save(checkpointOf(inputs, merge.pending(), engine.snapshot(), summary));
    }
    progress();
  }
  engine.finish();
  await out.flush();
  summary.files = all.map((s) => ({ path: s.path, format: s.format, ...s.stats }));
  summary.elapsedMs = Date.now() - started;
  if (req.checkpoint)
    await req.checkpoint.save(checkpointOf(inputs, merge.pending(), engine.snapshot(), summary));
  progress();
  return summary;
}

async function openOrReport(
  path: string,
  options: Parameters<typeof openFileSource>[1],
  handlers: Parameters<typeof openFileSource>[2],
  summary: RunSummary,
): Promise<FileSource | undefined> {
  try {
    return await openFileSource(path, options, handlers);
  } catch (err) {
    handlers.deadLetter({
      reason: 'io_error',
      detail: `cannot open ${path}: ${err instanceof Error ? err.message : String(err)}`,
      raw: '',
      position: '0',
      source: path,
      format: 'unknown',
      time: Date.now(),
    });
    summary.missing.push(path);
    return undefined;
  }
}

function checkpointOf(
  inputs: FileSource[],
  pending: WardEvent[][],
  engine: unknown,
  summary: RunSummary,
): AnalyzeCheckpoint {
  return {
    version: 1,
    inputs: inputs.map((s) => ({ path: s.path, size: s.size, mtimeMs: s.mtimeMs, lineNo: s.lineNo })),
    pending,
    engine,
    summary: { ...summary, files: [] },
  };
}

/** A checkpoint only fits the same inputs, each at least as long as when it was taken. */
function checkResumable(cp: AnalyzeCheckpoint, files: string[]): void {
  const same = cp.inputs.length === files.length && cp.inputs.every((f, i) => f.path === files[i]);
  if (!same) {
    throw new Error(
      `the saved checkpoint is for other inputs (${cp.inputs.map((f) => f.path).join(', ')}); run without --resume to start over`,
    );
  }
}
