import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../model/index.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { BusyError } from './ingest.js';
import { LivePipeline } from './live-pipeline.js';

/** An RFC 5424 sshd failure from one address, `i` seconds into the attack. */
export function sshFailure(i: number, ip = '203.0.113.9'): string {
  const t = new Date(Date.UTC(2026, 2, 4, 10, 0, i)).toISOString();
  return `<38>1 ${t} web01 sshd 4242 - - Failed password for root from ${ip} port ${40000 + i} ssh2`;
}

describe('LivePipeline', () => {
  let dir: string;
  let store: Store | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-live-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('stores parsed events, dead-letters bad records, and counts a resend once', async () => {
    store = await openStore(':memory:');
    const live = new LivePipeline({ store });
    await live.start();
    const d = { source: 'win', format: 'windows-event', records: ['{"System": '] };
    expect(await live.submit(d)).toEqual({ accepted: 0, duplicates: 0, rejected: 1 });
    const json = {
      source: 'feed',
      format: 'windows-event',
      records: [
        JSON.stringify({
          System: {
            EventID: 4625,
            EventRecordID: 77,
            TimeCreated: { SystemTime: '2026-03-04T10:00:00Z' },
            Computer: 'dc1',
          },
          EventData: { TargetUserName: 'bob', IpAddress: '10.0.0.5' },
        }),
      ],
    };
    const first = await live.submit(json);
    expect(first.accepted + first.rejected).toBe(1);
    if (first.accepted === 1) {
      expect(await live.submit(json)).toEqual({ accepted: 0, duplicates: 1, rejected: 0 });
    }
    const dead = await store.listDeadLetters();
    expect(dead.items[0]).toMatchObject({ source: 'win', format: 'windows-event', position: '1' });
    expect(live.metrics()).toMatch(/ward_events_rejected_total\{reason="not_json"\} 1/);
    await live.stop();
  });

  it('detects a brute force, keeps line ids counting across a restart, and restores detector state', async () => {
    const path = join(dir, 'ward.duckdb');
    store = await openStore(path);
    const alerts: Alert[] = [];
    let live = new LivePipeline({ store, onAlert: (a) => alerts.push(a) });
    await live.start();
    for (let i = 0; i < 6; i++) await live.submit({ source: 'sys', records: [sshFailure(i)] });
    await live.stop();
    await store.close();

    store = await openStore(path);
    live = new LivePipeline({ store, onAlert: (a) => alerts.push(a) });
    await live.start();
    const r = await live.submit({ source: 'sys', records: [6, 7, 8, 9, 10, 11].map((i) => sshFailure(i)) });
    expect(r).toEqual({ accepted: 6, duplicates: 0, rejected: 0 });
    const ids = (await store.searchEvents()).items.map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `sys:${i + 1}`));
    // The alert waits for the burst to go quiet (5 min of event time): a later event moves time on.
    await live.submit({ source: 'sys', records: [sshFailure(900, '198.51.100.1')] });
    await live.stop();
    expect(alerts.map((a) => a.detector)).toEqual(['auth.bruteforce']);
    expect((await store.listAlerts()).total).toBe(1);
    expect(live.metrics()).toMatch(/ward_alerts_total\{category="identity"\} 1/);
  });

  it('recognises a resend after a restart on the same store file', async () => {
    const path = join(dir, 'ward.duckdb');
    const d = {
      source: 'tail:a.log',
      format: 'syslog',
      firstLine: 1,
      records: [sshFailure(1), sshFailure(2)],
    };
    store = await openStore(path);
    let live = new LivePipeline({ store });
    await live.start();
    expect(await live.submit(d)).toMatchObject({ accepted: 2 });
    expect(await live.submit(d)).toEqual({ accepted: 0, duplicates: 2, rejected: 0 });
    await live.stop();
    await store.close();
    store = await openStore(path);
    live = new LivePipeline({ store });
    await live.start();
    expect(await live.submit(d)).toEqual({ accepted: 0, duplicates: 2, rejected: 0 });
    await live.stop();
    expect((await store.searchEvents()).total).toBe(2);
  });

  it('answers BusyError when the queue is full instead of growing', async () => {
    store = await openStore(':memory:');
    const live = new LivePipeline({ store, maxQueueRecords: 10 });
    // Not started yet: deliveries queue up and nothing drains them.
    const first = live.submit({ source: 's', records: Array.from({ length: 8 }, (_, i) => sshFailure(i)) });
    await expect(
      live.submit({ source: 's', records: [sshFailure(9), sshFailure(10), sshFailure(11)] }),
    ).rejects.toBeInstanceOf(BusyError);
    expect(live.metrics()).toMatch(/ward_ingest_queue_records 8/);
    await live.start();
    expect(await first).toMatchObject({ accepted: 8 });
    await live.stop();
  });
});
