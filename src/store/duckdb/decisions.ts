/**
 * Decisions of the DuckDB store: append-only rows of who decided what about a subject (a privacy case …), when
 * and why. Nothing here updates or deletes a row, so the history of a subject is kept whole.
 */
import { BIGINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { pageOf } from '../store.js';
import type { Decision, DecisionQuery, Page } from '../store.js';

/** DDL of the decisions table, run with the rest of the schema on open. */
export const DECISIONS_DDL = `CREATE TABLE IF NOT EXISTS decisions ("id" VARCHAR NOT NULL, "kind" VARCHAR NOT NULL,
  "subject" VARCHAR NOT NULL, "verdict" VARCHAR NOT NULL, "actor" VARCHAR NOT NULL, "reason" VARCHAR NOT NULL,
  "time" BIGINT NOT NULL, "data" VARCHAR)`;

/** Append one decision. */
export async function saveDecision(conn: DuckDBConnection, d: Decision): Promise<void> {
  await conn.run(
    `INSERT INTO decisions VALUES ($id, $kind, $subject, $verdict, $actor, $reason, $time, $data)`,
    {
      id: d.id,
      kind: d.kind,
      subject: d.subject,
      verdict: d.verdict,
      actor: d.actor,
      reason: d.reason,
      time: BigInt(Math.round(d.time)),
      data: d.data === undefined ? null : JSON.stringify(d.data),
    },
  );
}

function decisionFromRow(r: readonly DuckDBValue[]): Decision {
  const d: Decision = {
    id: String(r[0]),
    kind: String(r[1]),
    subject: String(r[2]),
    verdict: String(r[3]),
    actor: String(r[4]),
    reason: String(r[5]),
    time: Number(r[6]),
  };
  if (typeof r[7] === 'string') d.data = JSON.parse(r[7]);
  return d;
}

/** Decisions matching the filters, oldest first (then in write order). */
export async function listDecisions(conn: DuckDBConnection, query: DecisionQuery): Promise<Page<Decision>> {
  const { limit, offset } = pageOf(query);
  const where: string[] = [];
  const values: Record<string, DuckDBValue> = {};
  const types: Record<string, DuckDBType> = {};
  for (const k of ['kind', 'subject'] as const) {
    const v = query[k];
    if (v === undefined) continue;
    where.push(`"${k}" = $${k}`);
    values[k] = v;
    types[k] = VARCHAR;
  }
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const count = await conn.runAndReadAll(`SELECT count(*)::DOUBLE FROM decisions ${clause}`, values, types);
  values.limit = BigInt(limit);
  values.offset = BigInt(offset);
  types.limit = BIGINT;
  types.offset = BIGINT;
  const reader = await conn.runAndReadAll(
    `SELECT "id", "kind", "subject", "verdict", "actor", "reason", "time"::DOUBLE, "data" FROM decisions ${clause}
     ORDER BY "time", rowid LIMIT $limit OFFSET $offset`,
    values,
    types,
  );
  return { total: Number(count.getRows()[0]?.[0] ?? 0), items: reader.getRows().map(decisionFromRow) };
}
