/**
 * API tokens of the DuckDB store. Only the SHA-256 hash of a token is kept, never its text; names are unique.
 * The table is small (one row per person or integration), so it has a primary key on the name.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { StoredToken } from '../store.js';

/** DDL of the tokens table, run with the rest of the schema on open. */
export const TOKENS_DDL = `CREATE TABLE IF NOT EXISTS tokens ("name" VARCHAR PRIMARY KEY, "role" VARCHAR NOT NULL,
  "hash" VARCHAR NOT NULL, "created" BIGINT NOT NULL, "last_used" BIGINT, "revoked" BIGINT)`;

const SELECT = `SELECT "name", "role", "hash", "created"::DOUBLE, "last_used"::DOUBLE, "revoked"::DOUBLE FROM tokens`;

function tokenFromRow(r: readonly DuckDBValue[]): StoredToken {
  const t: StoredToken = {
    name: String(r[0]),
    role: String(r[1]),
    hash: String(r[2]),
    created: Number(r[3]),
  };
  if (typeof r[4] === 'number') t.lastUsed = r[4];
  if (typeof r[5] === 'number') t.revoked = r[5];
  return t;
}

const ms = (v: number | undefined): bigint | null => (v === undefined ? null : BigInt(Math.round(v)));

/** Insert the token, or replace the one with the same name. */
export async function saveToken(conn: DuckDBConnection, t: StoredToken): Promise<void> {
  await conn.run(
    `INSERT INTO tokens VALUES ($name, $role, $hash, $created, $lastUsed, $revoked)
     ON CONFLICT ("name") DO UPDATE SET "role" = excluded."role", "hash" = excluded."hash",
       "created" = excluded."created", "last_used" = excluded."last_used", "revoked" = excluded."revoked"`,
    {
      name: t.name,
      role: t.role,
      hash: t.hash,
      created: BigInt(Math.round(t.created)),
      lastUsed: ms(t.lastUsed),
      revoked: ms(t.revoked),
    },
  );
}

/** The token whose hash this is, or undefined. */
export async function findTokenByHash(
  conn: DuckDBConnection,
  hash: string,
): Promise<StoredToken | undefined> {
  const reader = await conn.runAndReadAll(`${SELECT} WHERE "hash" = $hash LIMIT 1`, { hash });
  const r = reader.getRows()[0];
  return r === undefined ? undefined : tokenFromRow(r);
}

/** Every token, oldest first. */
export async function listTokens(conn: DuckDBConnection): Promise<StoredToken[]> {
  const reader = await conn.runAndReadAll(`${SELECT} ORDER BY "created", "name"`);
  return reader.getRows().map(tokenFromRow);
}

/** Mark the named token revoked at `now`; false when there is no unrevoked token of that name. */
export async function revokeToken(conn: DuckDBConnection, name: string, now: number): Promise<boolean> {
  const res = await conn.run(
    `UPDATE tokens SET "revoked" = $now WHERE "name" = $name AND "revoked" IS NULL`,
    {
      name,
      now: BigInt(now),
    },
  );
  return res.rowsChanged > 0;
}
