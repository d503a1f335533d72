/** `ward analyze <files|dirs…> [--context dir] --out alerts.jsonl`: the batch pipeline on files. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { suppressorFor } from '../cases/index.js';
import type { Alert } from '../model/index.js';
import { analyze, type AnalyzeCheckpoint, type RunOutput } from '../pipeline.js';
import { loadCsvMapping } from '../ingest/ehr-csv.js';
import { loadGatewayMappings } from '../ingest/gateway-mapping.js';
import { FORMATS } from '../ingest/registry.js';
import { DEFAULT_STORE_PATH, openStore, type Store } from '../store/index.js';
import { formatSummary } from './summary.js';

interface AnalyzeFlags {
  context?: string[];
  out: string;
  format?: string;
  store: string | false;
  year?: string;
  mapping?: string;
  gatewayMap?: string;
  resume?: boolean;
  checkpointEvery: string;
  maxLine?: string;
  progress: boolean;
  summaryJson?: string;
}

/** Register the command. */
export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description(
      'Read log files (any supported format, gzip or not), detect threats, write alerts as JSON lines',
    )
    .argument('<paths...>', 'files or directories to analyze')
    .option('--context <paths...>', 'context files or directories (FHIR Bulk ndjson, HL7 v2 ADT), read first')
    .option('--out <file>', 'where to write alerts (JSON lines); - for stdout', '-')
    .addOption(
      new Option('--format <id>', 'skip auto-detection and read every input as this format').choices(
        FORMATS.map((f) => f.id),
      ),
    )
    .option('--store <path>', 'DuckDB file for events, context, alerts and dead letters', DEFAULT_STORE_PATH)
    .option('--no-store', 'do not keep events in a store (alerts and the summary only)')
    .option(
      '--year <yyyy>',
      'year for syslog timestamps that carry none (default: inferred from the file time)',
    )
    .option(
      '--mapping <file>',
      'JSON column mapping for EHR access CSV exports (see docs/formats/ehr-csv.md)',
    )
    .option(
      '--gateway-map <file>',
      'YAML/JSON field mapping for remote-access gateways without a built-in mapper (docs/formats/gateway-mapping.md)',
    )
    .option('--resume', 'continue a run that was stopped, from its last checkpoint in the store')
    .option('--checkpoint-every <n>', 'save a checkpoint every n events', '250000')
    .option('--max-line <chars>', 'longest line accepted; longer lines become dead letters')
    .option('--no-progress', 'no progress bar')
    .option('--summary-json <file>', 'also write the run summary as JSON')
    .action(async (paths: string[], flags: AnalyzeFlags) => {
      process.exitCode = await runAnalyze(paths, flags);
    });
}

async function runAnalyze(paths: string[], flags: AnalyzeFlags): Promise<number> {
  const year = flags.year === undefined ? undefined : Number(flags.year);
  if (year !== undefined && !(Number.isInteger(year) && year >= 1970 && year <= 9999)) {
    throw new Error(`--year must be a four-digit year, not "${flags.year}"`);
  }
  const maxLine = flags.maxLine === undefined ? undefined : positiveInt('--max-line', flags.maxLine);
  const every = positiveInt('--checkpoint-every', flags.checkpointEvery);
  if (flags.resume && flags.store === false) throw new Error('--resume needs the store (drop --no-store)');
  const csvMapping = flags.mapping === undefined ? undefined : await loadCsvMapping(flags.mapping);
  const gatewayMappings =
    flags.gatewayMap === undefined ? undefined : await loadGatewayMappings(flags.gatewayMap);

  const store = flags.store === false ? undefined : await openStore(flags.store);
  const resumeFrom =
    flags.resume && store
      ? ((await store.loadCheckpoint(CHECKPOINT_KEY)) as RunCheckpoint | undefined)
      : undefined;
  if (flags.resume && resumeFrom === undefined) {
    await store?.close();
    throw new Error(`--resume: the store ${String(flags.store)} holds no checkpoint of an earlier run`);
  }
  // Alerts written after the checkpoint by the stopped run are raised again on resume: keep only those before.
  const alerts = await openAlertsOut(flags.out, resumeFrom?.summary.alerts);
  // The run id goes with every checkpoint, so a resumed run writes under it and skips what the stopped run
  // stored after its checkpoint (and the context it re-reads). A checkpoint from before run ids: its rows have none.
  const runId = resumeFrom ? resumeFrom.runId : `analyze-${randomUUID()}`;
  const writer = store?.writer({ runId, resume: resumeFrom !== undefined });
  // Alerts a case decision in this store covers are stored closed as benign (docs/cases.md); the file keeps all.
  const suppressor = store ? await suppressorFor(store) : undefined;
  const output: RunOutput = {
    event: (e) => writer?.addEvent(e),
    context: (c) => writer?.addContext(c),
    deadLetter: (d) => writer?.addDeadLetter(d),
    alert: (a: Alert) => {
      writer?.addAlert(a, suppressor?.triage(a));
      alerts.write(a);
    },
    get pending() {
      return writer?.pending ?? 0;
    },
    flush: async () => {
      await writer?.flush();
      await alerts.drain();
    },
  };

  const bar =
    flags.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            format: 'analyze |{bar}| {percentage}% | {events} events | ETA {eta_formatted}',
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let barStarted = false;
  try {
    const summary = await analyze({
      inputs: paths,
      context: flags.context,
      format: flags.format,
      parse: { year, csvMapping, gatewayMappings },
      maxLine,
      output,
      checkpoint: store ? checkpointer(store, resumeFrom, every, runId) : undefined,
      onProgress: (p) => {
        if (!bar) return;
        if (!barStarted) {
          bar.start(Math.max(p.totalBytes, 1), 0, { events: 0 });
          barStarted = true;
        }
        bar.update(p.bytes, { events: p.events.toLocaleString('en-US') });
      },
    });
    bar?.stop();
    await alerts.close();
    if (flags.summaryJson) {
      await mkdir(dirname(flags.summaryJson), { recursive: true });
      await writeFile(flags.summaryJson, JSON.stringify(summary, null, 2) + '\n');
    }
    console.error(formatSummary(summary, flags.out === '-' ? 'stdout' : flags.out));
    return summary.missing.length > 0 && summary.files.length === 0 ? 2 : 0;
  } finally {
    bar?.stop();
    await store?.close();
  }
}

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`${name} must be a positive whole number, not "${text}"`);
  return n;
}

/** Store key of `ward analyze` checkpoints. */
const CHECKPOINT_KEY = 'analyze';

/** A pipeline checkpoint with the id of the run that saved it. */
type RunCheckpoint = AnalyzeCheckpoint & { runId?: string };

function checkpointer(
  store: Store,
  resumeFrom: AnalyzeCheckpoint | undefined,
  every: number,
  runId: string | undefined,
) {
  return {
    every,
    load: () => Promise.resolve(resumeFrom),
    save: (cp: AnalyzeCheckpoint) => store.saveCheckpoint(CHECKPOINT_KEY, { ...cp, runId }),
  };
}

/** JSON-lines alert output with backpressure. */
interface AlertsOut {
  write(a: Alert): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Open the alerts output; when resuming, keep the first `keepLines` alerts of the file and append after them. */
async function openAlertsOut(path: string, keepLines: number | undefined): Promise<AlertsOut> {
  let stream: WriteStream | NodeJS.WriteStream;
  if (path === '-') stream = process.stdout;
  else {
    await mkdir(dirname(path), { recursive: true });
    let kept = '';
    if (keepLines !== undefined && keepLines > 0) {
      const old = await readFile(path, 'utf8').catch(() => '');
      kept = old.split('\n').slice(0, keepLines).join('\n') + '\n';
    }
    stream = createWriteStream(path, { flags: 'w' });
    if (kept.length > 0) stream.write(kept);
  }
  return {
    write(a) {
      stream.write(JSON.stringify(a) + '\n');
    },
    async drain() {
      // Ask the stream, not a flag set at write time: it may have drained while the store was flushing, and a
      // 'drain' that already happened never fires again.
      if (stream.writableNeedDrain) await once(stream, 'drain');
    },
    async close() {
      if (stream === process.stdout) return;
      const s = stream as WriteStream;
      await new Promise<void>((resolve, reject) =>
        s.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
    },
  };
}
