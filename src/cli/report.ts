/**
 * `ward report patient <ref> [inputs…] --context <dir> --out FILE`: the patient access report (src/report) for
 * one patient, as CSV, HTML, PDF or JSON. From files, the whole batch pipeline runs (every event is detected on,
 * so baselines and alerts are the same as `ward analyze` gives) while only this patient's accesses and the
 * alerts are kept in memory. With `--db` it reads a store that `ward analyze` or `ward start` filled instead, and
 * records the report in the store's decision log as an access to PHI.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { Option, type Command } from 'commander';
import { ContextIndex } from '../context/index.js';
import { loadCsvMapping } from '../ingest/ehr-csv.js';
import type { Alert, WardEvent } from '../model/index.js';
import { analyze, type RunOutput } from '../pipeline.js';
import {
  citedAlerts,
  logReportAccess,
  patientAccessReport,
  printPdf,
  reportCsv,
  reportFromStore,
  reportHtml,
  type StoreReport,
} from '../report/index.js';
import { openStore } from '../store/index.js';

const FORMATS = ['csv', 'html', 'pdf', 'json'] as const;
type ReportFormat = (typeof FORMATS)[number];

interface PatientFlags {
  context?: string[];
  db?: string;
  from?: string;
  to?: string;
  format?: ReportFormat;
  out: string;
  by?: string;
  chromium?: string;
  mapping?: string;
}

/** Add the command to the program. */
export function registerReport(program: Command): void {
  const report = program.command('report').description('Reports for privacy officers');
  report
    .command('patient')
    .description(
      'Every access to one patient with who, when, what, its explanation (or none), alerts and risk — ' +
        'for a complaint or an accounting of disclosures',
    )
    .argument('<patient>', 'patient as the sources name it, e.g. Patient/pt-00121')
    .argument('[inputs...]', 'log files or directories to read (not with --db)')
    .option('--context <paths...>', 'context files or directories (FHIR Bulk ndjson, HL7 v2 ADT)')
    .option('--db <path>', 'read events, alerts and context from this store instead of files')
    .option('--from <time>', 'first access time to include, ISO 8601 (2026-03-01 or 2026-03-01T08:00:00Z)')
    .option('--to <time>', 'accesses before this time, ISO 8601')
    .addOption(
      new Option('--format <format>', 'output format (default: from the --out extension, else csv)').choices(
        FORMATS,
      ),
    )
    .requiredOption('--out <file>', 'where to write the report; - for stdout (not for pdf)')
    .option('--by <name>', 'who the report is made by (default: the logged-in user)')
    .option('--chromium <path>', 'Chromium used to print PDF', '/usr/bin/chromium')
    .option('--mapping <file>', 'JSON column mapping for EHR access CSV exports')
    .action(async (patient: string, inputs: string[], flags: PatientFlags) => {
      process.exitCode = await runPatientReport(patient, inputs, flags);
    });
}

/** Epoch ms of an ISO 8601 time given on the command line. */
function timeFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = /^\d{4}-\d\d-\d\d([T ][\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(t)) {
    throw new Error(`${name} must be an ISO 8601 date or time such as 2026-03-01T00:00:00Z, not "${text}"`);
  }
  return t;
}

function formatOf(flags: PatientFlags): ReportFormat {
  if (flags.format !== undefined) return flags.format;
  const ext = extname(flags.out).toLowerCase().slice(1);
  if (ext === 'htm') return 'html';
  return (FORMATS as readonly string[]).includes(ext) ? (ext as ReportFormat) : 'csv';
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function whoAmI(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

async function runPatientReport(patient: string, inputs: string[], flags: PatientFlags): Promise<number> {
  const from = timeFlag('--from', flags.from);
  const to = timeFlag('--to', flags.to);
  if (from !== undefined && to !== undefined && from > to)
    throw new Error('--from must not be later than --to');
  const format = formatOf(flags);
  if (format === 'pdf' && flags.out === '-')
    throw new Error('--format pdf needs a file for --out, not stdout');
  if (flags.db !== undefined && (inputs.length > 0 || flags.context !== undefined)) {
    throw new Error('give either input files (with --context) or --db, not both');
  }
  if (flags.db === undefined && inputs.length === 0) {
    throw new Error('give the log files or directories to read, or --db with a store');
  }
  const by = flags.by ?? whoAmI();
  const period = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };

  let built: StoreReport;
  if (flags.db !== undefined) {
    // Opening a store creates it: a mistyped path would give an empty report that looks like "nobody looked".
    if (!existsSync(flags.db)) throw new Error(`--db: there is no store at ${flags.db}`);
    const store = await openStore(flags.db);
    try {
      built = await reportFromStore(store, { patient, generatedBy: by, ...period });
      await logReportAccess(store, built.report, by, format);
    } finally {
      await store.close();
    }
  } else {
    const fromFiles = await reportFromFiles(patient, inputs, flags, by, period);
    if (fromFiles === undefined) return 2;
    built = fromFiles;
  }

  await writeReport(built, format, flags);
  const s = built.report.summary;
  console.error(
    `Patient access report for ${patient}: ${count(s.accesses, 'access', 'accesses')} by ` +
      `${count(s.users, 'user', 'users')}, ${s.explained} explained, ${s.accesses - s.explained} unexplained, ` +
      `${s.flagged} flagged by alerts` +
      ` → ${flags.out === '-' ? 'stdout' : flags.out} (${format})`,
  );
  return 0;
}

/** Run the pipeline over the files, keeping this patient's accesses and the alerts; undefined when nothing was read. */
async function reportFromFiles(
  patient: string,
  inputs: string[],
  flags: PatientFlags,
  by: string,
  period: { from?: number; to?: number },
): Promise<StoreReport | undefined> {
  const csvMapping = flags.mapping === undefined ? undefined : await loadCsvMapping(flags.mapping);
  const context = new ContextIndex();
  const events: WardEvent[] = [];
  const alerts: Alert[] = [];
  // Context is read before the first access, so aliases (bare ids, MRNs) resolve when events arrive.
  const isPatient = (p: string | undefined): boolean =>
    p !== undefined && (p === patient || context.patientRef(p) === context.patientRef(patient));
  const output: RunOutput = {
    event: (e) => {
      if (e.class === 'ehr_access' && isPatient(e.patient)) events.push(e);
    },
    context: () => undefined,
    deadLetter: () => undefined,
    alert: (a) => {
      if (a.entities.patient !== undefined) alerts.push(a);
    },
    pending: 0,
    flush: () => Promise.resolve(),
  };
  const summary = await analyze({
    inputs,
    ...(flags.context !== undefined ? { context: flags.context } : {}),
    parse: { csvMapping },
    output,
    contextIndex: context,
  });
  for (const m of summary.missing) console.error(`ward report: cannot read ${m}`);
  if (summary.files.length === 0) {
    console.error('ward report: no input could be read');
    return undefined;
  }
  const rejected = Object.values(summary.rejectedByReason).reduce((a, b) => a + b, 0);
  console.error(
    `Read ${summary.events.toLocaleString('en-US')} events from ${summary.files.length} files` +
      (rejected > 0 ? ` (${rejected.toLocaleString('en-US')} records rejected)` : '') +
      `, ${summary.alerts} alerts`,
  );
  const report = patientAccessReport({ patient, events, alerts, context, generatedBy: by, ...period });
  return { report, alerts: citedAlerts(report, alerts) };
}

async function writeReport(built: StoreReport, format: ReportFormat, flags: PatientFlags): Promise<void> {
  const { report, alerts } = built;
  if (flags.out !== '-') await mkdir(dirname(flags.out), { recursive: true });
  if (format === 'pdf') {
    await printPdf(reportHtml(report, { alerts }), flags.out, {
      ...(flags.chromium ? { chromium: flags.chromium } : {}),
    });
    return;
  }
  const text =
    format === 'csv'
      ? reportCsv(report)
      : format === 'html'
        ? reportHtml(report, { alerts })
        : JSON.stringify(report, null, 2) + '\n';
  if (flags.out === '-') process.stdout.write(text);
  else await writeFile(flags.out, text, 'utf8');
}
