import { describe, expect, it } from 'vitest';
import type { Delivery } from '../live/ingest.js';
import { simulateLive } from './index.js';

describe('simulateLive', () => {
  it('delivers context first, then records in time order with times moved to now', async () => {
    let clock = Date.UTC(2026, 10, 27, 9, 30);
    const wallStart = clock;
    const deliveries: Delivery[] = [];
    // Fake clock: a sleep advances it, so the replay runs at full speed in the test.
    const live = simulateLive({
      seed: 3,
      speed: 3600,
      staff: 20,
      patients: 80,
      days: 1,
      periods: 1,
      now: () => clock,
      sleep: (ms) => ((clock += ms), Promise.resolve()),
    });
    for await (const d of live) deliveries.push(d);
    const firstLog = deliveries.findIndex((d) => d.format !== 'fhir-bulk');
    expect(firstLog).toBeGreaterThan(0);
    expect(deliveries.slice(firstLog).some((d) => d.format === 'fhir-bulk')).toBe(false);
    const audits = deliveries
      .filter((d) => d.format === 'fhir-audit-event')
      .flatMap((d) => d.records.map((r) => Date.parse((JSON.parse(r) as { recorded: string }).recorded)));
    expect(audits.length).toBeGreaterThan(10);
    expect([...audits].sort((a, b) => a - b)).toEqual(audits);
    expect(Math.min(...audits)).toBeGreaterThanOrEqual(wallStart);
    // A night shift runs past the period's last midnight.
    expect(Math.max(...audits)).toBeLessThan(wallStart + 2 * 86_400_000);
    // Zeek goes live as JSON lines (no TSV header in a delivery).
    const zeek = deliveries.find((d) => d.format === 'zeek');
    expect(zeek?.records[0]?.startsWith('{"ts":')).toBe(true);
  });
});
