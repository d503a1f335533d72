/**
 * Resumed runs: a run continued from its checkpoint replays its input from there in the same order, so its first
 * rows are ones the stopped run already stored (the context it read first, whatever it flushed after the
 * checkpoint). Before such a writer's batch is appended, rows the run already holds are dropped, by identity:
 * events (source, id), dead letters (source, position, reason, detail), context records their whole content,
 * alerts their id. A table's replay ends at the first batch that brings it a row the run does not hold.
 */
import { BIGINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { Batch } from './append.js';

/** Tables a resumed writer checks. */
export const REPLAY_TABLES = ['events', 'context', 'deadLetters', 'alerts'] as const;
export type ReplayTable = (typeof REPLAY_TABLES)[number];

/** A batch without the rows its run already stored, and the tables whose replay it ends. */
export interface Unstored {
  rows: Batch;
  ended: ReplayTable[];
}

const RUN = '"run_id" IS NOT DISTINCT FROM $run';

async function column(
  conn: DuckDBConnection,
  sql: string,
  values: Record<string, DuckDBValue>,
  types: Record<string, DuckDBType>,
): Promise<Set<string>> {
  const reader = await conn.runAndReadAll(sql, values, types);
  const out = new Set<string>();
  for (const [v] of reader.getRows()) if (typeof v === 'string') out.add(v);
  return out;
}

/** Group rows by a key, in first-seen order. */
function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = out.get(k);
    if (g === undefined) out.set(k, [r]);
    else g.push(r);
  }
  return out;
}

/**
 * Keep the rows of `rows` whose identity `key` is not in what `stored(group)` returns for their group.
 * Returns the kept rows and whether any row was kept (the replay of that table is over).
 */
async function keepUnstored<T>(
  rows: readonly T[],
  group: (r: T) => string,
  key: (r: T) => string,
  stored: (group: string, members: readonly T[]) => Promise<Set<string>>,
): Promise<{ kept: T[]; fresh: boolean }> {
  if (rows.length === 0) return { kept: [], fresh: false };
  const known = new Map<string, Set<string>>();
  for (const [g, members] of groupBy(rows, group)) known.set(g, await stored(g, members));
  const kept = rows.filter((r) => !known.get(group(r))!.has(key(r)));
  return { kept, fresh: kept.length > 0 };
}

const dlKey = (position: string, reason: string, detail: string): string =>
  `${position}\n${reason}\n${detail}`;

/**
 * Drop from `b` the rows the run `runId` already stored, for the tables in `replaying`. Reads through `conn`
 * (the caller's write transaction), so a batch committed just before is seen.
 */
export async function dropStored(
  conn: DuckDBConnection,
  b: Batch,
  runId: string | undefined,
  replaying: ReadonlySet<ReplayTable>,
): Promise<Unstored> {
  const run = runId ?? null;
  const ended: ReplayTable[] = [];
  const rows: Batch = { ...b };

  if (replaying.has('events')) {
    const r = await keepUnstored(
      b.events,
      (e) => e.source,
      (e) => e.id,
      (source, members) => {
        // Stored times are whole ms; the batch's time range lets DuckDB skip most of a large table.
        let lo = Infinity;
        let hi = -Infinity;
        for (const e of members) {
          if (e.time < lo) lo = e.time;
          if (e.time > hi) hi = e.time;
        }
        return column(
          conn,
          `SELECT DISTINCT "id" FROM events WHERE ${RUN} AND "source" = $source AND "time" >= $lo AND "time" <= $hi`,
          { run, source, lo: BigInt(Math.floor(lo)), hi: BigInt(Math.ceil(hi)) },
          { run: VARCHAR, source: VARCHAR, lo: BIGINT, hi: BIGINT },
        );
      },
    );
    rows.events = r.kept;
    if (r.fresh) ended.push('events');
  }

  if (replaying.has('context')) {
    const r = await keepUnstored(
      b.context,
      (c) => c.source,
      (c) => JSON.stringify(c),
      (source) =>
        column(
          conn,
          `SELECT "data" FROM context WHERE ${RUN} AND "source" = $source`,
          { run, source },
          { run: VARCHAR, source: VARCHAR },
        ),
    );
    rows.context = r.kept;
    if (r.fresh) ended.push('context');
  }

  if (replaying.has('deadLetters')) {
    const r = await keepUnstored(
      b.deadLetters,
      (d) => d.source,
      (d) => dlKey(d.position, d.reason, d.detail),
      (source) =>
        column(
          conn,
          `SELECT "position" || chr(10) || "reason" || chr(10) || "detail" FROM dead_letters
           WHERE ${RUN} AND "source" = $source`,
          { run, source },
          { run: VARCHAR, source: VARCHAR },
        ),
    );
    rows.deadLetters = r.kept;
    if (r.fresh) ended.push('deadLetters');
  }

  if (replaying.has('alerts')) {
    const r = await keepUnstored(
      b.alerts,
      () => '',
      (a) => a.id,
      () => column(conn, `SELECT "id" FROM alerts WHERE ${RUN}`, { run }, { run: VARCHAR }),
    );
    rows.alerts = r.kept;
    if (r.fresh) ended.push('alerts');
  }

  return { rows, ended };
}
