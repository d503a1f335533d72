import { describe, expect, it } from 'vitest';
import type { Alert } from '../model/index.js';
import type { TruthRecord } from '../sim/index.js';
import { normEntity, score } from './score.js';

const truth: TruthRecord[] = [
  {
    id: 'auth_spray_fast-1',
    type: 'auth_spray_fast',
    family: 'identity',
    start: '2026-03-03T10:00:00.000Z',
    end: '2026-03-03T10:10:00.000Z',
    entities: { srcIp: '10.20.11.252' },
    events: ['100010', '100011'],
    detectors: ['auth.spray'],
  },
  {
    id: 'auth_spray_fast-2',
    type: 'auth_spray_fast',
    family: 'identity',
    start: '2026-03-04T10:00:00.000Z',
    end: '2026-03-04T10:10:00.000Z',
    entities: { srcIp: '10.20.12.253' },
    events: ['100020'],
    detectors: ['auth.spray'],
  },
  {
    id: 'ehr_family-1',
    type: 'ehr_family',
    family: 'ehr_privacy',
    start: '2026-03-03T10:00:00.000Z',
    end: '2026-03-03T10:05:00.000Z',
    entities: { user: 'Practitioner/pr-0001', patient: 'Patient/pt-00009' },
    events: ['ae-1'],
    detectors: ['ehr.family'],
  },
];

function alert(
  time: string,
  detector: string,
  events: string[],
  entities: Record<string, string> = {},
): Alert {
  return {
    id: `a-${time}`,
    time,
    detector,
    category: 'identity',
    severity: 'high',
    score: 80,
    title: 't',
    reasons: ['r'],
    entities,
    events,
    attack: [],
  };
}

describe('score', () => {
  it('counts recall, precision, false alerts per day and delay per scenario type', () => {
    const alerts = [
      alert('2026-03-03T10:04:00.000Z', 'auth.spray', ['100011']),
      alert('2026-03-03T12:00:00.000Z', 'auth.spray', ['999'], { srcIp: '10.20.30.40' }),
    ];
    const s = score(truth, alerts, 2, new Set(['auth.spray']));
    const spray = s.byType.find((t) => t.type === 'auth_spray_fast');
    expect(spray).toMatchObject({
      instances: 2,
      detected: 1,
      recall: 0.5,
      alerts: 2,
      matchedAlerts: 1,
      precision: 0.5,
      falseAlertsPerDay: 0.5,
      medianDelayMs: 240_000,
      detectedBy: ['auth.spray'],
      missingDetectors: [],
    });
    const family = s.byType.find((t) => t.type === 'ehr_family');
    expect(family).toMatchObject({ recall: 0, precision: null, missingDetectors: ['ehr.family'] });
    expect(s).toMatchObject({
      instances: 3,
      detected: 1,
      alerts: 2,
      matchedAlerts: 1,
      falseAlertsPerDay: 0.5,
    });
  });

  it('matches by shared entity inside the window only', () => {
    const inWindow = alert('2026-03-03T10:06:00.000Z', 'ehr.other', ['x'], { user: 'practitioner/PR-0001' });
    const late = alert('2026-03-06T10:06:00.000Z', 'ehr.other', ['x'], { user: 'Practitioner/pr-0001' });
    expect(score(truth, [inWindow], 1, new Set()).byType.find((t) => t.type === 'ehr_family')?.detected).toBe(
      1,
    );
    expect(score(truth, [late], 1, new Set()).byType.find((t) => t.type === 'ehr_family')?.detected).toBe(0);
  });

  it('compares user names without domain or realm', () => {
    expect(normEntity('RGH\\JSmith')).toBe('jsmith');
    expect(normEntity('jsmith@RGH.LOCAL')).toBe('jsmith');
    expect(normEntity('Practitioner/pr-1')).toBe('practitioner/pr-1');
  });
});
