/**
 * The DuckDB schema: one table per kind of row, created idempotently on open and versioned in `meta`.
 * Times are BIGINT epoch ms (the model's unit: range filters bind plain numbers; `epoch_ms(time)` gives a
 * TIMESTAMP for ad-hoc SQL). Other numbers are DOUBLE, which holds any JS number exactly. Nested values are
 * JSON text. No unique or secondary indexes: they slow appends, and DuckDB's per-block min/max already prunes
 * time ranges.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WardEvent } from '../../model/index.js';
import { TOKENS_DDL } from './tokens.js';
import { DECISIONS_DDL } from './decisions.js';

/** Version of the tables below; bump it and add a migration when they change. */
export const SCHEMA_VERSION = 1;

/** How a column is written and read: text, a JS number, epoch ms, or a value kept as JSON text. */
export type ColumnKind = 'text' | 'number' | 'epoch' | 'json';

/** One column of a table, in table order. */
export interface Column {
  name: string;
  kind: ColumnKind;
  required?: boolean;
}

/** WardEvent fields in column order: [field, column, kind, required]. */
export const EVENT_FIELDS: readonly (readonly [keyof WardEvent, string, ColumnKind, boolean])[] = [
  ['id', 'id', 'text', true],
  ['source', 'source', 'text', true],
  ['format', 'format', 'text', true],
  ['class', 'class', 'text', true],
  ['time', 'time', 'epoch', true],
  ['ingestTime', 'ingest_time', 'epoch', false],
  ['user', 'user', 'text', false],
  ['userName', 'user_name', 'text', false],
  ['domain', 'domain', 'text', false],
  ['srcIp', 'src_ip', 'text', false],
  ['srcPort', 'src_port', 'number', false],
  ['dstIp', 'dst_ip', 'text', false],
  ['dstPort', 'dst_port', 'number', false],
  ['host', 'host', 'text', false],
  ['device', 'device', 'text', false],
  ['patient', 'patient', 'text', false],
  ['resource', 'resource', 'text', false],
  ['action', 'action', 'text', false],
  ['outcome', 'outcome', 'text', true],
  ['bytesIn', 'bytes_in', 'number', false],
  ['bytesOut', 'bytes_out', 'number', false],
  ['protocol', 'protocol', 'text', false],
  ['purpose', 'purpose', 'text', false],
  ['code', 'code', 'text', false],
  ['status', 'status', 'text', false],
  ['method', 'method', 'text', false],
  ['logonType', 'logon_type', 'number', false],
  ['encryption', 'encryption', 'text', false],
  ['app', 'app', 'text', false],
  ['message', 'message', 'text', false],
  ['count', 'count', 'number', false],
  ['raw', 'raw', 'text', false],
  ['labels', 'labels', 'json', false],
  ['attrs', 'attrs', 'json', false],
];

const col = (name: string, kind: ColumnKind, required = false): Column => ({ name, kind, required });

/** Appended tables and their columns, in the order appenders write them. */
export const TABLES = {
  events: [
    ...EVENT_FIELDS.map(([, name, kind, required]) => col(name, kind, required)),
    col('run_id', 'text'),
    // Ingest sequence number: the store numbers events 1, 2, 3 … in write order (live replay and resume).
    col('seq', 'epoch'),
  ],
  context: [
    col('kind', 'text', true),
    col('ref', 'text', true),
    col('source', 'text', true),
    col('time', 'epoch'),
    col('data', 'json', true),
    col('run_id', 'text'),
  ],
  alerts: [
    col('id', 'text', true),
    col('time', 'text', true),
    col('time_ms', 'epoch', true),
    col('detector', 'text', true),
    col('category', 'text', true),
    col('severity', 'text', true),
    col('score', 'number', true),
    col('title', 'text', true),
    col('reasons', 'json', true),
    col('entities', 'json', true),
    col('events', 'json', true),
    col('attack', 'json', true),
    col('status', 'text', true),
    col('assignee', 'text'),
    col('verdict', 'text'),
    col('comment', 'text'),
    col('updated_at', 'epoch', true),
    col('run_id', 'text'),
  ],
  dead_letters: [
    col('source', 'text', true),
    col('format', 'text', true),
    col('position', 'text', true),
    col('reason', 'text', true),
    col('detail', 'text', true),
    col('raw', 'text', true),
    col('time', 'epoch', true),
    col('run_id', 'text'),
  ],
} as const satisfies Record<string, readonly Column[]>;

export type TableName = keyof typeof TABLES;

const SQL_TYPE: Record<ColumnKind, string> = {
  text: 'VARCHAR',
  number: 'DOUBLE',
  epoch: 'BIGINT',
  json: 'VARCHAR',
};

/** A quoted identifier; only ever applied to names defined in this file. */
export const q = (name: string): string => `"${name}"`;

function createTable(table: string, columns: readonly Column[]): string {
  const defs = columns.map((c) => `${q(c.name)} ${SQL_TYPE[c.kind]}${c.required ? ' NOT NULL' : ''}`);
  return `CREATE TABLE IF NOT EXISTS ${table} (${defs.join(', ')})`;
}

const DDL = [
  'CREATE TABLE IF NOT EXISTS meta ("key" VARCHAR PRIMARY KEY, "value" VARCHAR NOT NULL)',
  ...Object.entries(TABLES).map(([table, columns]) => createTable(table, columns)),
  `CREATE TABLE IF NOT EXISTS checkpoints ("key" VARCHAR PRIMARY KEY, "data" VARCHAR NOT NULL,
    "updated_at" BIGINT NOT NULL)`,
  TOKENS_DDL,
  DECISIONS_DDL,
  // Files made before events carried `seq` or context `run_id` get the column (last, as the appender writes it);
  // old rows stay NULL.
  'ALTER TABLE events ADD COLUMN IF NOT EXISTS "seq" BIGINT',
  'ALTER TABLE context ADD COLUMN IF NOT EXISTS "run_id" VARCHAR',
];

/**
 * Create missing tables and record the schema version. Refuses a database written by a newer Ward, whose
 * tables this code would misread.
 */
export async function ensureSchema(conn: DuckDBConnection, path: string): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const sql of DDL) await conn.run(sql);
    const reader = await conn.runAndReadAll(`SELECT "value" FROM meta WHERE "key" = 'schema_version'`);
    const found = reader.getRows()[0]?.[0];
    if (found === undefined) {
      await conn.run(`INSERT INTO meta VALUES ('schema_version', $v)`, { v: String(SCHEMA_VERSION) });
    } else if (Number(found) > SCHEMA_VERSION) {
      throw new Error(
        `store ${path} has schema version ${String(found)}; this Ward reads up to ${SCHEMA_VERSION}. Upgrade Ward.`,
      );
    }
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}
