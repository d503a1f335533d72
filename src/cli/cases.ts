/**
 * `ward cases`: list privacy cases (a table, or JSON lines) and `ward cases decide <id>` to record a decision,
 * directly on the store (stop `ward start` first: the store is single-writer). Patient names are initials unless
 * `--phi` is given, as in the API for roles that do not see patient data. See docs/cases.md.
 */
import { Option, type Command } from 'commander';
import { CASE_STATUSES, CASE_VERDICTS, caseNames, decideCase, loadCases } from '../cases/index.js';
import type { Case, CaseStatus, CaseVerdict } from '../cases/index.js';
import { DEFAULT_STORE_PATH, openStore } from '../store/index.js';
import type { Store } from '../store/index.js';

interface StoreFlags {
  store: string;
  db?: string;
}

interface ListFlags extends StoreFlags {
  status?: CaseStatus;
  limit: string;
  json?: boolean;
  phi?: boolean;
}

interface DecideFlags extends StoreFlags {
  verdict: CaseVerdict;
  reason: string;
  actor: string;
}

async function withStore<T>(flags: StoreFlags, f: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(flags.db ?? flags.store);
  try {
    return await f(store);
  } finally {
    await store.close();
  }
}

/** Initials of each part of a name: `Maria Ruiz` → `M. R.`. */
function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((p) => p.length > 0)
    .map((p) => `${String.fromCodePoint(p.codePointAt(0) ?? 63).toUpperCase()}.`)
    .join(' ');
}

function masked(c: Case, phi: boolean): Case {
  return c.patientName === undefined || phi ? c : { ...c, patientName: initials(c.patientName) };
}

const who = (id: string, name: string | undefined): string => (name !== undefined ? `${name} (${id})` : id);

/** The cases as a plain text table, one case a row. */
export function caseTable(cases: readonly Case[]): string {
  const rows = cases.map((c) => [
    c.id,
    c.score.toFixed(1),
    c.severity,
    c.status,
    who(c.user, c.userName),
    c.patient === undefined ? '(bulk)' : who(c.patient, c.patientName),
    c.detectors.join(','),
    `${c.alerts.length}${c.suppressedAlerts.length > 0 ? `+${c.suppressedAlerts.length}s` : ''}`,
    c.lastSeen.slice(0, 16).replace('T', ' '),
  ]);
  const head = ['ID', 'SCORE', 'SEVERITY', 'STATUS', 'USER', 'PATIENT', 'DETECTORS', 'ALERTS', 'LAST SEEN'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

const storeOptions = (cmd: Command): Command =>
  cmd
    .addOption(new Option('--store <path>', 'DuckDB file').default(DEFAULT_STORE_PATH))
    .addOption(new Option('--db <path>', 'same as --store'));

/** Add the command to the program. */
export function registerCases(program: Command): void {
  const cases = program
    .command('cases')
    .description('Privacy cases: EHR privacy alerts grouped per user and patient, scored, with decisions');

  storeOptions(
    cases
      .command('list', { isDefault: true })
      .description('List cases, highest score first (the default subcommand)')
      .addOption(new Option('--status <status>', 'only cases in this state').choices(CASE_STATUSES))
      .option('--limit <n>', 'show at most n cases (0: all)', '50')
      .option('--json', 'one JSON object per case and line instead of a table')
      .option('--phi', 'show patient names in full (default: initials)'),
  ).action(async (flags: ListFlags) => {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 0)
      throw new Error(`--limit must be a whole number, not "${flags.limit}"`);
    const all = await withStore(flags, async (store) => loadCases(store, { names: await caseNames(store) }));
    const hits = all.filter((c) => flags.status === undefined || c.status === flags.status);
    const shown = (limit === 0 ? hits : hits.slice(0, limit)).map((c) => masked(c, flags.phi === true));
    if (flags.json) {
      for (const c of shown) console.log(JSON.stringify(c));
      return;
    }
    if (hits.length === 0) {
      console.log(all.length === 0 ? 'no privacy cases in the store' : 'no cases match');
      return;
    }
    console.log(caseTable(shown));
    console.log(
      `${hits.length} case(s)${shown.length < hits.length ? `, ${shown.length} shown (--limit 0 for all)` : ''}; ` +
        `alerts counted in the score, +Ns suppressed`,
    );
  });

  storeOptions(
    cases
      .command('decide <id>')
      .description(
        'Mark a case legitimate (suppresses similar alarms) or confirmed (raises the user’s other cases)',
      )
      .addOption(
        new Option('--verdict <verdict>', 'the decision').choices(CASE_VERDICTS).makeOptionMandatory(),
      )
      .requiredOption('--reason <text>', 'why, in your words (kept with the decision)')
      .requiredOption('--actor <name>', 'who decides (kept with the decision)'),
  ).action(async (id: string, flags: DecideFlags) => {
    const reason = flags.reason.trim();
    if (reason.length === 0 || reason.length > 2000) throw new Error('--reason must be 1 to 2000 characters');
    if (flags.actor.trim().length === 0) throw new Error('--actor must name who decides');
    const decided = await withStore(flags, async (store) =>
      decideCase(store, {
        id,
        verdict: flags.verdict,
        reason,
        actor: flags.actor.trim(),
        names: await caseNames(store),
      }),
    );
    if (decided === undefined) throw new Error(`no case with id ${id} (see ward cases)`);
    console.log(caseTable([masked(decided, false)]));
  });
}
