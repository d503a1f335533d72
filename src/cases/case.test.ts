import { describe, expect, it } from 'vitest';
import type { Decision, StoredAlert } from '../store/index.js';
import { REPEAT_SIGNAL, buildCases, caseId } from './case.js';
import { SUPPRESSED_PREFIX } from './suppress.js';

const T = Date.parse('2026-03-04T10:00:00Z');

function alert(
  id: string,
  detector: string,
  score: number,
  entities: Record<string, string>,
  minutes: number,
  more: Partial<StoredAlert> = {},
): StoredAlert {
  return {
    id,
    time: new Date(T + minutes * 60_000).toISOString(),
    detector,
    category: 'ehr_privacy',
    severity: 'medium',
    score,
    title: detector,
    reasons: [`${detector} reason`],
    entities,
    events: [`${id}-e1`, 'shared-e'],
    attack: ['T1078'],
    status: 'open',
    updatedAt: T,
    ...more,
  };
}

const ANA = { user: 'Practitioner/ana', patient: 'Patient/1' };

function decision(subject: string, verdict: string, minutes: number): Decision {
  return {
    id: `d-${subject}-${minutes}`,
    kind: 'case',
    subject,
    verdict,
    actor: 'po',
    reason: 'why',
    time: T + minutes * 60_000,
  };
}

describe('buildCases', () => {
  it('groups a user and patient into one case scored by noisy-OR, strongest reasons first', () => {
    const cases = buildCases(
      [
        alert('a1', 'ehr.family', 60, ANA, 0),
        alert('a2', 'ehr.neighbour', 60, ANA, 30, { reasons: ['neighbour reason', 'ehr.family reason'] }),
        alert('a3', 'ehr.vip', 80, { user: 'Practitioner/bob', patient: 'Patient/1' }, 5),
        alert('x', 'auth.spray', 99, { user: 'Practitioner/ana' }, 1, { category: 'identity' }),
      ],
      [],
    );
    expect(cases.map((c) => c.user)).toEqual(['Practitioner/ana', 'Practitioner/bob']);
    const ana = cases[0]!;
    expect(ana).toMatchObject({
      id: caseId('Practitioner/ana', 'Patient/1'),
      patient: 'Patient/1',
      score: 84,
      severity: 'high',
      status: 'open',
      alerts: ['a2', 'a1'],
      suppressedAlerts: [],
      firstSeen: '2026-03-04T10:00:00.000Z',
      lastSeen: '2026-03-04T10:30:00.000Z',
      accesses: 3,
      history: { cases: 0, confirmed: 0, legitimate: 0 },
    });
    expect(ana.detectors.sort()).toEqual(['ehr.family', 'ehr.neighbour']);
    expect(ana.reasons).toEqual(['neighbour reason', 'ehr.family reason']);
    expect(ana.decision).toBeUndefined();
  });

  it('keys bulk findings by user alone, apart from the user’s patient cases', () => {
    const cases = buildCases(
      [alert('b1', 'ehr.bulk', 70, { user: 'Practitioner/ana' }, 0), alert('a1', 'ehr.family', 60, ANA, 0)],
      [],
    );
    const bulk = cases.find((c) => c.patient === undefined)!;
    expect(bulk.id).toBe(caseId('Practitioner/ana', undefined));
    expect(bulk.id).not.toBe(caseId('Practitioner/ana', 'Patient/1'));
    expect(bulk.history.cases).toBe(1);
    expect(bulk).not.toHaveProperty('patient');
  });

  it('applies the latest decision; new open alerts reopen a decided case', () => {
    const id = caseId(ANA.user, ANA.patient);
    const closed = { status: 'closed' as const, verdict: 'true_positive' };
    const decided = buildCases(
      [alert('a1', 'ehr.family', 60, ANA, 0, closed)],
      [decision(id, 'legitimate', 10), decision(id, 'confirmed', 20), decision(id, 'reopen?', 30)],
    );
    expect(decided[0]).toMatchObject({
      status: 'confirmed',
      decision: { verdict: 'confirmed', actor: 'po' },
    });
    const reopened = buildCases(
      [alert('a1', 'ehr.family', 60, ANA, 0, closed), alert('a2', 'ehr.family', 60, ANA, 90)],
      [decision(id, 'confirmed', 20)],
    );
    expect(reopened[0]).toMatchObject({ status: 'open', decision: { verdict: 'confirmed' } });
  });

  it('lists suppressed alerts apart and leaves them out of the score', () => {
    const id = caseId(ANA.user, ANA.patient);
    const suppressed = {
      status: 'closed' as const,
      verdict: 'benign',
      comment: `${SUPPRESSED_PREFIX}${id}: …`,
    };
    const cases = buildCases(
      [
        alert('a1', 'ehr.family', 60, ANA, 0, { status: 'closed', verdict: 'benign', comment: 'Case …' }),
        alert('a2', 'ehr.family', 90, ANA, 600, suppressed),
      ],
      [decision(id, 'legitimate', 10)],
    );
    expect(cases[0]).toMatchObject({
      status: 'legitimate',
      alerts: ['a1'],
      suppressedAlerts: ['a2'],
      score: 60,
    });
    expect(cases[0]!.lastSeen).toBe('2026-03-04T20:00:00.000Z');
  });

  it('raises a repeat offender’s cases for each confirmed case, counting two at most', () => {
    const other = (n: number) => ({ user: 'Practitioner/ana', patient: `Patient/o${n}` });
    const closed = { status: 'closed' as const };
    const alerts = [
      alert('a1', 'ehr.family', 60, ANA, 0),
      alert('o1', 'ehr.vip', 50, other(1), 0, closed),
      alert('o2', 'ehr.vip', 50, other(2), 0, closed),
      alert('o3', 'ehr.vip', 50, other(3), 0, closed),
    ];
    const none = buildCases(alerts, []).find((c) => c.patient === 'Patient/1')!;
    expect(none.score).toBe(60);
    const one = buildCases(alerts, [decision(caseId(ANA.user, 'Patient/o1'), 'confirmed', 5)]);
    const c1 = one.find((c) => c.patient === 'Patient/1')!;
    expect(c1.score).toBe(Math.round((1 - 0.4 * (1 - REPEAT_SIGNAL / 100)) * 1000) / 10);
    expect(c1.history).toEqual({ cases: 3, confirmed: 1, legitimate: 0 });
    const three = buildCases(
      alerts,
      [1, 2, 3].map((n) => decision(caseId(ANA.user, `Patient/o${n}`), 'confirmed', 5)),
    );
    expect(three.find((c) => c.patient === 'Patient/1')!.score).toBe(77.5);
  });

  it('reads an alert id written twice (a re-run into the same store) as one alert, triaged first', () => {
    const id = caseId(ANA.user, ANA.patient);
    const a = alert('a1', 'ehr.family', 60, ANA, 0);
    const decided = { status: 'closed' as const, verdict: 'benign', comment: 'Case …', updatedAt: T + 5 };
    const copyOpen = { updatedAt: T + 10 };
    const copySuppressed = { ...decided, comment: `${SUPPRESSED_PREFIX}${id}: …`, updatedAt: T + 20 };
    const cases = buildCases(
      [
        { ...a, ...copyOpen },
        { ...a, ...decided },
        { ...a, ...copySuppressed },
      ],
      [decision(id, 'legitimate', 1)],
    );
    expect(cases[0]).toMatchObject({ status: 'legitimate', alerts: ['a1'], suppressedAlerts: [] });
  });

  it('uses display names when given and keeps one row per alert id', () => {
    const a = alert('a1', 'ehr.family', 60, ANA, 0);
    const cases = buildCases([a, { ...a, status: 'closed', updatedAt: T + 1 }], [], {
      userName: (u) => (u === ANA.user ? 'Ana Ruiz' : undefined),
      patientName: () => 'Maria Ruiz',
    });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ userName: 'Ana Ruiz', patientName: 'Maria Ruiz', alerts: ['a1'] });
  });
});
