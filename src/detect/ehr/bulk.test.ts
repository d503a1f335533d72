import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, access, run } from './hospital.fixture.js';

describe('ehr.bulk', () => {
  it('finds one user opening many unrelated charts within an hour, as one alert', () => {
    const events = Array.from({ length: 40 }, (_, i) => access(T0 + i * 60_000, 'cara', `x${i}`));
    const alerts = run(events, 'ehr.bulk');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.entities).toEqual({ user: 'Practitioner/cara' });
    expect(alerts[0]!.events).toHaveLength(40);
    expect(alerts[0]!.reasons[0]).toMatch(
      /Cara Diaz opened the charts of \d+ patients with no treatment relationship within/,
    );
  });

  it('does not alert on the same number of charts spread over days', () => {
    const events = Array.from({ length: 40 }, (_, i) => access(T0 + i * 2 * HOUR, 'cara', `x${i}`));
    expect(run(events, 'ehr.bulk')).toEqual([]);
  });

  it('does not alert when a billing coder works through discharged patients', () => {
    const events = Array.from({ length: 40 }, (_, i) => access(T0 + 5 * DAY + i * 30_000, 'bill', 'inpt'));
    expect(run(events, 'ehr.bulk')).toEqual([]);
  });
});
