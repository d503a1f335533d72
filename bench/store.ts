/**
 * `npm run bench:store`: how fast the DuckDB store appends events, flushing every 50,000 rows as the pipeline
 * does, against a baseline measured in the same run on the same events: `JSON.stringify` of each event written
 * to a file. Beside them, the staging alternative that was measured when choosing the write path: each batch
 * written as NDJSON and loaded with DuckDB's `read_json` (explicit columns) in one `INSERT … SELECT`.
 *
 * Rounds alternate the three, each writing a fresh file; the report gives the best rate of each, the spread
 * of its rounds ((worst − best) / best), CPU time (all threads) and the ratio of the best store rate to the best
 * baseline rate. Timings on a shared machine drift: compare ratios. Also the resident memory after building the
 * events and the peak of the whole run. Knobs: WARD_BENCH_ROUNDS (3), WARD_BENCH_STORE_EVENTS (300000).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { WardEvent } from '../src/model/index.js';
import { openStore } from '../src/store/index.js';
import { EVENT_FIELDS, ensureSchema, q } from '../src/store/duckdb/schema.js';

const ROUNDS = Number(process.env.WARD_BENCH_ROUNDS ?? 3);
const N = Number(process.env.WARD_BENCH_STORE_EVENTS ?? 300_000);
/** The pipeline's flush size. */
const BATCH = 50_000;
const T0 = Date.UTC(2026, 2, 1);

/** A mix like a hospital run: EHR access, logons and flows, with the fields each source usually fills. */
function synthetic(i: number): WardEvent {
  const base = { id: `ev-${i}`, source: 'bench', time: T0 + i * 37, ingestTime: T0 + i * 37 + 900 };
  switch (i % 3) {
    case 0:
      return {
        ...base,
        format: 'fhir-audit',
        class: 'ehr_access',
        user: `Practitioner/p${i % 800}`,
        userName: 'Ana Ruiz',
        patient: `Patient/${i % 20_000}`,
        resource: 'Patient',
        action: 'read',
        outcome: 'success',
        purpose: 'TREAT',
        srcIp: `10.20.${i % 250}.${i % 200}`,
        raw: `audit.ndjson:${i + 1}`,
      };
    case 1:
      return {
        ...base,
        format: 'windows-event',
        class: 'authentication',
        user: `HOSP\\u${i % 3000}`,
        domain: 'HOSP',
        host: 'dc01',
        srcIp: `10.30.${i % 250}.${i % 100}`,
        action: 'logon',
        outcome: i % 17 === 0 ? 'failure' : 'success',
        code: i % 17 === 0 ? '4625' : '4624',
        logonType: 3,
        method: 'NTLM',
        attrs: { workstation: `WS-${i % 900}` },
      };
    default:
      return {
        ...base,
        format: 'zeek-conn',
        class: 'network_flow',
        srcIp: `10.40.${i % 250}.${i % 90}`,
        srcPort: 40_000 + (i % 20_000),
        dstIp: '10.20.0.5',
        dstPort: 2575,
        protocol: 'tcp',
        bytesIn: i % 5000,
        bytesOut: (i * 7) % 90_000,
        outcome: 'unknown',
        labels: { label: 'Benign' },
      };
  }
}

/** Baseline: every event as a JSON line, to a file. */
async function baseline(events: readonly WardEvent[], dir: string): Promise<void> {
  const out = createWriteStream(join(dir, 'baseline.ndjson'));
  for (let i = 0; i < events.length; i += BATCH) {
    let text = '';
    for (const e of events.slice(i, i + BATCH)) text += JSON.stringify(e) + '\n';
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The store as the pipeline uses it. */
async function store(events: readonly WardEvent[], dir: string): Promise<void> {
  const s = await openStore(join(dir, 'store.duckdb'));
  const w = s.writer({ runId: 'bench' });
  for (const e of events) {
    w.addEvent(e);
    if (w.pending >= BATCH) await w.flush();
  }
  await s.close();
}

/** The staging alternative: NDJSON batches loaded by DuckDB's JSON reader. */
async function staged(events: readonly WardEvent[], dir: string): Promise<void> {
  const path = join(dir, 'staged.duckdb');
  const db = await DuckDBInstance.create(path, { memory_limit: '1GB' });
  const conn = await db.connect();
  await ensureSchema(conn, path);
  const file = join(dir, 'batch.ndjson');
  const types = { text: 'VARCHAR', number: 'DOUBLE', epoch: 'DOUBLE', json: 'JSON' } as const;
  const columns = EVENT_FIELDS.map(([field, , kind]) => `'${field}': '${types[kind]}'`).join(', ');
  const select = EVENT_FIELDS.map(([field, , kind]) =>
    kind === 'epoch' ? `round(${q(field)})::BIGINT` : kind === 'json' ? `${q(field)}::VARCHAR` : q(field),
  ).join(', ');
  let seq = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const batch = events.slice(i, i + BATCH);
    let text = '';
    for (const e of batch) text += JSON.stringify(e) + '\n';
    await writeFile(file, text);
    await conn.run('BEGIN TRANSACTION');
    await conn.run(
      `INSERT INTO events SELECT ${select}, 'bench', ${seq} + row_number() OVER ()
       FROM read_json('${file}', format = 'newline_delimited', columns = {${columns}})`,
    );
    await conn.run('COMMIT');
    seq += batch.length;
  }
  conn.closeSync();
  db.closeSync();
}

interface Sample {
  ms: number;
  cpu: number;
}

async function time(f: () => Promise<void>): Promise<Sample> {
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
}

const mb = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;

async function main(): Promise<void> {
  const events = Array.from({ length: N }, (_, i) => synthetic(i));
  (globalThis as { gc?: () => void }).gc?.();
  const rssEvents = process.memoryUsage().rss;
  const runs: Record<'baseline' | 'store' | 'staged', (dir: string) => Promise<void>> = {
    baseline: (dir) => baseline(events, dir),
    store: (dir) => store(events, dir),
    staged: (dir) => staged(events, dir),
  };
  const samples: Record<string, Sample[]> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of Object.entries(runs)) {
      const dir = await mkdtemp(join(tmpdir(), 'ward-bench-store-'));
      try {
        (samples[name] ??= []).push(await time(() => run(dir)));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  const rate = (ms: number): number => (N / ms) * 1000;
  const best = (name: string): Sample => samples[name]!.reduce((a, b) => (b.ms < a.ms ? b : a));
  console.log(
    `store write: ${N.toLocaleString('en-US')} events, flush every ${BATCH.toLocaleString('en-US')}, ${ROUNDS} rounds`,
  );
  for (const name of Object.keys(runs)) {
    const all = samples[name]!;
    const b = best(name);
    const worst = Math.max(...all.map((s) => s.ms));
    console.log(
      `  ${name.padEnd(9)} ${Math.round(rate(b.ms)).toLocaleString('en-US').padStart(9)} events/s best` +
        `  spread ${(((worst - b.ms) / b.ms) * 100).toFixed(0)}%  cpu ${Math.round(b.cpu)} ms` +
        `  ratio to baseline ${(best('baseline').ms / b.ms).toFixed(3)}`,
    );
  }
  console.log(
    `  RSS with the events built ${mb(rssEvents)}, peak ${mb(process.resourceUsage().maxRSS * 1024)}`,
  );
}

await main();
