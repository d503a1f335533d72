import { describe, expect, it } from 'vitest';
import { hospital, HOUR, T0, access, run } from './hospital.fixture.js';

describe('ehr.vip', () => {
  it('finds an unexplained look at a labelled chart', () => {
    const [a] = run([access(T0, 'cara', 'star')], 'ehr.vip');
    expect(a?.reasons[0]).toBe('Cara Diaz viewed the chart of a patient labelled VIP (VIP)');
  });

  it('does not alert on the treating physician of a labelled patient', () => {
    const ctx = hospital();
    ctx.add({
      kind: 'encounter',
      ref: 'Encounter/s',
      source: 't',
      patient: 'Patient/star',
      practitioners: ['Practitioner/ben'],
      period: { start: T0 },
    });
    expect(run([access(T0 + HOUR, 'ben', 'star')], 'ehr.vip', ctx)).toEqual([]);
  });

  it('finds a spike of many staff of several departments on one unlabelled chart, one alert each', () => {
    const ctx = hospital();
    const users = Array.from({ length: 9 }, (_, i) => `u${i}`);
    users.forEach((u, i) => {
      ctx.add({ kind: 'practitioner', ref: `Practitioner/${u}`, source: 't', family: `F${i}` });
      ctx.add({
        kind: 'practitioner_role',
        ref: `PractitionerRole/${u}`,
        source: 't',
        practitioners: [`Practitioner/${u}`],
        organization: `Organization/d${i % 4}`,
      });
    });
    const alerts = run(
      users.map((u, i) => access(T0 + i * 10 * 60_000, u, 'x5')),
      'ehr.vip',
      ctx,
    );
    expect(alerts.map((a) => a.entities.user).sort()).toEqual(users.map((u) => `Practitioner/${u}`).sort());
    expect(alerts.some((a) => /8 different staff of 4 departments/.test(a.reasons.join(' ')))).toBe(true);
  });

  it('does not call one team working a chart together a spike', () => {
    const ctx = hospital();
    const users = Array.from({ length: 9 }, (_, i) => `it${i}`);
    for (const u of users)
      ctx.add({
        kind: 'practitioner_role',
        ref: `PractitionerRole/${u}`,
        source: 't',
        practitioners: [`Practitioner/${u}`],
        organization: 'Organization/it',
      });
    expect(
      run(
        users.map((u, i) => access(T0 + i * 60_000, u, 'x6')),
        'ehr.vip',
        ctx,
      ),
    ).toEqual([]);
  });
});
