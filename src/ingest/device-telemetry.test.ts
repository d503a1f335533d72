import { describe, expect, it } from 'vitest';
import { runParser } from '../../test/support/parse.js';
import { deviceTelemetryParser } from './device-telemetry.js';

function run(lines: string[]) {
  return runParser(deviceTelemetryParser, lines, { source: 'telemetry.jsonl' });
}

describe('device-telemetry parser', () => {
  it('maps device, time, type, network fields, metrics and topic', () => {
    const { events, rejects } = run([
      JSON.stringify({
        topic: 'ward/icu/pump-17',
        msgId: 'm-1',
        deviceId: 'pump-17',
        ts: '2026-03-04T10:00:00Z',
        type: 'heartbeat',
        metrics: { battery: 81, occluded: false, nested: { x: 1 } },
        srcIp: '10.20.3.41',
        dstIp: '10.20.0.5',
        dstPort: 2575,
        bytesOut: '512',
      }),
    ]);
    expect(rejects).toEqual([]);
    expect(events[0]).toEqual({
      id: 'm-1',
      source: 'telemetry.jsonl',
      format: 'device-telemetry',
      class: 'device_telemetry',
      time: Date.parse('2026-03-04T10:00:00Z'),
      device: 'pump-17',
      outcome: 'unknown',
      raw: 'telemetry.jsonl:1',
      action: 'heartbeat',
      srcIp: '10.20.3.41',
      dstIp: '10.20.0.5',
      dstPort: 2575,
      bytesOut: 512,
      attrs: { topic: 'ward/icu/pump-17', 'metric.battery': '81', 'metric.occluded': 'false' },
    });
  });

  it('takes epoch seconds and ms, and falls back to <source>:<line> ids', () => {
    const { events } = run([
      '{"deviceId":"m1","time":1772618400}',
      '{"device":"m2","timestamp":1772618400123,"id":7}',
    ]);
    expect(events.map((e) => [e.id, e.time])).toEqual([
      ['telemetry.jsonl:1', 1772618400000],
      ['7', 1772618400123],
    ]);
  });

  it('rejects broken messages with a reason and keeps going', () => {
    const { events, rejects } = run([
      '{"deviceId":',
      '[1,2]',
      '{"ts":"2026-03-04T10:00:00Z"}',
      '{"deviceId":"d","ts":"yesterday"}',
      '{"deviceId":"d"}',
      '',
      '{"deviceId":"ok","ts":"2026-03-04T10:00:00Z"}',
    ]);
    expect(rejects.map((r) => [r.reason, r.position])).toEqual([
      ['not_json', '1'],
      ['bad_shape', '2'],
      ['missing_field', '3'],
      ['bad_time', '4'],
      ['bad_time', '5'],
    ]);
    expect(rejects[3]!.detail).toContain('ts');
    expect(events.map((e) => e.device)).toEqual(['ok']);
  });

  it('sniffs telemetry lines and not other JSON', () => {
    expect(deviceTelemetryParser.sniff('{"deviceId":"a","ts":1}\n', 'x')).toBeGreaterThan(0.5);
    expect(deviceTelemetryParser.sniff('{"resourceType":"AuditEvent"}\n', 'x')).toBe(0);
  });
});
