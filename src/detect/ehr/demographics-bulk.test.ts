import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, access, run } from './hospital.fixture.js';

describe('ehr.demographics_bulk', () => {
  it('finds a registration clerk looking up many patients nobody is registering', () => {
    const events = Array.from({ length: 30 }, (_, i) =>
      access(T0 + 3 * DAY + i * 120_000, 'reg', `x${i}`, { resource: undefined, purpose: 'HOPERAT' }),
    );
    const [a, more] = run(events, 'ehr.demographics_bulk');
    expect(more).toBeUndefined();
    expect(a?.reasons[0]).toMatch(/Rita Reyes \(registration\) looked up the demographics of \d+ patients/);
  });

  it('does not alert on registering arrivals or on clinical reads', () => {
    expect(
      run([access(T0 + DAY - HOUR, 'reg', 'edpt', { resource: undefined })], 'ehr.demographics_bulk'),
    ).toEqual([]);
    const clinical = Array.from({ length: 30 }, (_, i) =>
      access(T0 + i * 60_000, 'ana', `x${i}`, { resource: undefined }),
    );
    expect(run(clinical, 'ehr.demographics_bulk')).toEqual([]);
  });
});
