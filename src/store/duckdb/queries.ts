/**
 * Read queries of the DuckDB store. Every value from a caller is a bound parameter; the only text put into SQL
 * is table and column names defined in schema.ts. Write order is DuckDB's `rowid`.
 */
import { BIGINT, VARCHAR } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type {
  AlertCategory,
  ContextKind,
  ContextRecord,
  DeadLetter,
  RejectReason,
  Severity,
  WardEvent,
} from '../../model/index.js';
import { pageOf } from '../store.js';
import type {
  AlertQuery,
  AlertStatus,
  DeadLetterQuery,
  EventQuery,
  Page,
  SeqEvent,
  StoreCounts,
  StoredAlert,
} from '../store.js';
import { EVENT_FIELDS, q } from './schema.js';

type Row = readonly DuckDBValue[];

/** A WHERE clause and its bound parameters, built from conditions given in code. */
class Filter {
  private readonly parts: string[] = [];
  readonly values: Record<string, DuckDBValue> = {};
  readonly types: Record<string, DuckDBType> = {};

  /** `column op $name` when a value is given; numbers are epoch ms. */
  add(column: string, op: '=' | '>=' | '<', name: string, value: string | number | undefined): this {
    if (value === undefined) return this;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite epoch ms, got ${value}`);
      // Stored times are whole ms, so rounding a bound up keeps both `>=` and `<` exact.
      this.bind(name, BigInt(Math.ceil(value)), BIGINT);
    } else {
      this.bind(name, value, VARCHAR);
    }
    this.parts.push(`${q(column)} ${op} $${name}`);
    return this;
  }

  /** A condition written in code that reads the parameter `$name`. */
  where(condition: string, name: string, value: string): this {
    this.bind(name, value, VARCHAR);
    this.parts.push(condition);
    return this;
  }

  bind(name: string, value: DuckDBValue, type: DuckDBType): void {
    this.values[name] = value;
    this.types[name] = type;
  }

  get sql(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }
}

const str = (v: DuckDBValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: DuckDBValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const parse = (v: DuckDBValue | undefined): unknown => (typeof v === 'string' ? JSON.parse(v) : undefined);

async function rows(conn: DuckDBConnection, sql: string, f?: Filter): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql, f?.values, f?.types);
  return reader.getRows();
}

async function page<T>(
  conn: DuckDBConnection,
  from: string,
  f: Filter,
  select: string,
  order: string,
  paging: { limit?: number; offset?: number },
  map: (r: Row) => T,
): Promise<Page<T>> {
  const { limit, offset } = pageOf(paging);
  const [countRow] = await rows(conn, `SELECT count(*)::DOUBLE FROM ${from} ${f.sql}`, f);
  f.bind('limit', BigInt(limit), BIGINT);
  f.bind('offset', BigInt(offset), BIGINT);
  const found = await rows(
    conn,
    `SELECT ${select} FROM ${from} ${f.sql} ORDER BY ${order} LIMIT $limit OFFSET $offset`,
    f,
  );
  return { total: num(countRow?.[0]) ?? 0, items: found.map(map) };
}

// Epoch columns are read as DOUBLE so they come back as JS numbers, not bigints.
const EVENT_SELECT = EVENT_FIELDS.map(([, c, kind]) => (kind === 'epoch' ? `${q(c)}::DOUBLE` : q(c))).join(
  ', ',
);
const TEXT_COLUMNS = [
  'id',
  'user',
  'user_name',
  'host',
  'device',
  'patient',
  'resource',
  'action',
  'app',
  'message',
];
const TEXT_MATCH = `(${TEXT_COLUMNS.map((c) => `contains(lower(${q(c)}), $text)`).join(' OR ')})`;

function eventFromRow(r: Row): WardEvent {
  const e: Record<string, unknown> = {};
  for (let i = 0; i < EVENT_FIELDS.length; i++) {
    const v = r[i];
    if (v === null || v === undefined) continue;
    const [field, , kind] = EVENT_FIELDS[i]!;
    e[field] = kind === 'json' ? parse(v) : v;
  }
  return e as unknown as WardEvent;
}

/** Events matching a query. */
export function searchEvents(conn: DuckDBConnection, query: EventQuery): Promise<Page<WardEvent>> {
  const f = new Filter()
    .add('class', '=', 'class', query.class)
    .add('user', '=', 'user', query.user)
    .add('src_ip', '=', 'src_ip', query.srcIp)
    .add('dst_ip', '=', 'dst_ip', query.dstIp)
    .add('patient', '=', 'patient', query.patient)
    .add('host', '=', 'host', query.host)
    .add('device', '=', 'device', query.device)
    .add('time', '>=', 'from', query.from)
    .add('time', '<', 'to', query.to);
  if (query.text) f.where(TEXT_MATCH, 'text', query.text.toLowerCase());
  return page(conn, 'events', f, EVENT_SELECT, `${q('time')}, rowid`, query, eventFromRow);
}

const ALERT_SELECT = [
  'id',
  'time',
  'detector',
  'category',
  'severity',
  'score',
  'title',
  'reasons',
  'entities',
  'events',
  'attack',
  'status',
  'assignee',
  'verdict',
  'comment',
]
  .map(q)
  .concat(`${q('updated_at')}::DOUBLE`)
  .join(', ');

function alertFromRow(r: Row): StoredAlert {
  const a: StoredAlert = {
    id: str(r[0]) ?? '',
    time: str(r[1]) ?? '',
    detector: str(r[2]) ?? '',
    category: str(r[3]) as AlertCategory,
    severity: str(r[4]) as Severity,
    score: num(r[5]) ?? 0,
    title: str(r[6]) ?? '',
    reasons: parse(r[7]) as string[],
    entities: parse(r[8]) as Record<string, string>,
    events: parse(r[9]) as string[],
    attack: parse(r[10]) as string[],
    status: str(r[11]) as AlertStatus,
    updatedAt: num(r[15]) ?? 0,
  };
  const assignee = str(r[12]);
  const verdict = str(r[13]);
  const comment = str(r[14]);
  if (assignee !== undefined) a.assignee = assignee;
  if (verdict !== undefined) a.verdict = verdict;
  if (comment !== undefined) a.comment = comment;
  return a;
}

/** Alerts matching a query, newest first. */
export function listAlerts(conn: DuckDBConnection, query: AlertQuery): Promise<Page<StoredAlert>> {
  const f = new Filter()
    .add('category', '=', 'category', query.category)
    .add('severity', '=', 'severity', query.severity)
    .add('status', '=', 'status', query.status)
    .add('detector', '=', 'detector', query.detector)
    .add('time_ms', '>=', 'from', query.from)
    .add('time_ms', '<', 'to', query.to)
    .add('updated_at', '>=', 'updated_since', query.updatedSince);
  if (query.user !== undefined)
    f.where(`json_extract_string(${q('entities')}, '$.user') = $user`, 'user', query.user);
  if (query.patient !== undefined)
    f.where(`json_extract_string(${q('entities')}, '$.patient') = $patient`, 'patient', query.patient);
  if (query.entity !== undefined)
    f.where(`list_contains(json_extract_string(${q('entities')}, '$.*'), $entity)`, 'entity', query.entity);
  return page(conn, 'alerts', f, ALERT_SELECT, `${q('time_ms')} DESC, rowid DESC`, query, alertFromRow);
}

/** One alert by id. */
export async function getAlert(conn: DuckDBConnection, id: string): Promise<StoredAlert | undefined> {
  const f = new Filter().add('id', '=', 'id', id);
  const [r] = await rows(conn, `SELECT ${ALERT_SELECT} FROM alerts ${f.sql} ORDER BY rowid DESC LIMIT 1`, f);
  return r === undefined ? undefined : alertFromRow(r);
}

function deadLetterFromRow(r: Row): DeadLetter {
  return {
    source: str(r[0]) ?? '',
    format: str(r[1]) ?? '',
    position: str(r[2]) ?? '',
    reason: str(r[3]) as RejectReason,
    detail: str(r[4]) ?? '',
    raw: str(r[5]) ?? '',
    time: num(r[6]) ?? 0,
  };
}

/** Dead letters matching a query, in rejection order. */
export function listDeadLetters(conn: DuckDBConnection, query: DeadLetterQuery): Promise<Page<DeadLetter>> {
  const f = new Filter().add('reason', '=', 'reason', query.reason);
  const select = `source, format, position, reason, detail, raw, ${q('time')}::DOUBLE`;
  return page(conn, 'dead_letters', f, select, `${q('time')}, rowid`, query, deadLetterFromRow);
}

/** Context records, in write order. */
export async function loadContext(conn: DuckDBConnection, kind?: ContextKind): Promise<ContextRecord[]> {
  const f = new Filter().add('kind', '=', 'kind', kind);
  const found = await rows(conn, `SELECT data FROM context ${f.sql} ORDER BY rowid`, f);
  return found.map((r) => parse(r[0]) as ContextRecord);
}

async function countBy(
  conn: DuckDBConnection,
  table: string,
  column: string,
): Promise<Record<string, number>> {
  const found = await rows(conn, `SELECT ${q(column)}, count(*)::DOUBLE FROM ${table} GROUP BY 1 ORDER BY 1`);
  const out: Record<string, number> = {};
  for (const r of found) out[str(r[0]) ?? ''] = num(r[1]) ?? 0;
  return out;
}

/** Row counts by class, reason, category and kind. */
export async function counts(conn: DuckDBConnection): Promise<StoreCounts> {
  return {
    events: await countBy(conn, 'events', 'class'),
    deadLetters: await countBy(conn, 'dead_letters', 'reason'),
    alerts: await countBy(conn, 'alerts', 'category'),
    context: await countBy(conn, 'context', 'kind'),
  };
}

/** A checkpoint's data, or undefined. */
export async function loadCheckpoint(conn: DuckDBConnection, key: string): Promise<unknown> {
  const f = new Filter().add('key', '=', 'key', key);
  const [r] = await rows(conn, `SELECT data FROM checkpoints ${f.sql}`, f);
  return r === undefined ? undefined : parse(r[0]);
}

/** Highest ingest sequence number stored, 0 when there is none. */
export async function maxSeq(conn: DuckDBConnection): Promise<number> {
  const [r] = await rows(conn, `SELECT coalesce(max(${q('seq')}), 0)::DOUBLE FROM events`);
  return num(r?.[0]) ?? 0;
}

/** Events with a sequence number above `seq`, in sequence order. */
export async function eventsAfter(conn: DuckDBConnection, seq: number, limit: number): Promise<SeqEvent[]> {
  const { limit: n } = pageOf({ limit });
  const f = new Filter().add('seq', '>=', 'after', Math.floor(seq) + 1);
  f.bind('limit', BigInt(n), BIGINT);
  const found = await rows(
    conn,
    `SELECT ${EVENT_SELECT}, ${q('seq')}::DOUBLE FROM events ${f.sql} ORDER BY ${q('seq')} LIMIT $limit`,
    f,
  );
  return found.map((r) => ({ seq: num(r[EVENT_FIELDS.length]) ?? 0, event: eventFromRow(r) }));
}

/** Which of `events` (by id) are stored as events of `source`, looking only within their time range. */
export async function seenEvents(
  conn: DuckDBConnection,
  source: string,
  events: readonly { id: string; time: number }[],
): Promise<Set<string>> {
  const out = new Set<string>();
  // Bound parameters in slices, so a huge delivery does not build one enormous statement. The time range lets
  // DuckDB's per-block min/max skip most of a large table (live events arrive roughly in time order).
  for (let from = 0; from < events.length; from += 1000) {
    const slice = events.slice(from, from + 1000);
    let lo = Infinity;
    let hi = -Infinity;
    for (const e of slice) {
      if (e.time < lo) lo = e.time;
      if (e.time > hi) hi = e.time;
    }
    const f = new Filter()
      .add('source', '=', 'source', source)
      .add('time', '>=', 'lo', Math.floor(lo))
      .add('time', '<', 'hi', Math.floor(hi) + 1);
    const names = slice.map((e, i) => {
      f.bind(`i${i}`, e.id, VARCHAR);
      return `$i${i}`;
    });
    const found = await rows(
      conn,
      `SELECT DISTINCT id FROM events ${f.sql} AND id IN (${names.join(', ')})`,
      f,
    );
    for (const r of found) {
      const id = str(r[0]);
      if (id !== undefined) out.add(id);
    }
  }
  return out;
}
