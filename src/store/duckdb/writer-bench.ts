/**
 * Writer throughput: how many events/s the store appends to a file, flushing every `batch` rows as the pipeline
 * does. Beside it, a baseline measured in the same run (JSON.stringify of the same events), since timings on a
 * shared machine drift. Not a test; run after a build:
 *   node --expose-gc dist/src/store/duckdb/writer-bench.js [events=200000] [batch=50000]
 * It lives here until bench/ has a harness to host it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WardEvent } from '../../model/index.js';
import { openStore } from '../index.js';

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

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200_000);
  const batch = Number(process.argv[3] ?? 50_000);
  const events = Array.from({ length: n }, (_, i) => synthetic(i));
  // With --expose-gc, start each phase from a clean heap so one phase's garbage is not billed to the next.
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();

  let t = performance.now();
  let bytes = 0;
  for (const e of events) bytes += JSON.stringify(e).length;
  const baselineMs = performance.now() - t;

  const dir = await mkdtemp(join(tmpdir(), 'ward-bench-'));
  try {
    const store = await openStore(join(dir, 'ward.duckdb'));
    const w = store.writer({ runId: 'bench' });
    gc();
    t = performance.now();
    for (const e of events) {
      w.addEvent(e);
      if (w.pending >= batch) await w.flush();
    }
    await w.flush();
    const writeMs = performance.now() - t;
    t = performance.now();
    await store.close();
    const closeMs = performance.now() - t;

    const rate = (ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en')} events/s`;
    console.log(`events ${n}, batch ${batch}`);
    console.log(
      `store writer: ${rate(writeMs)} (${Math.round(writeMs)} ms, close ${Math.round(closeMs)} ms)`,
    );
    console.log(`baseline JSON.stringify: ${rate(baselineMs)} (${Math.round(bytes / 1e6)} MB)`);
    console.log(`writer / baseline: ${(baselineMs / writeMs).toFixed(3)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
