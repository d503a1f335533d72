import { describe, expect, it } from 'vitest';
import { T0, access, run } from './hospital.fixture.js';

describe('ehr.self', () => {
  it('finds a staff member opening their own chart (employee identifier)', () => {
    const [a, more] = run([access(T0, 'ana', 'self')], 'ehr.self');
    expect(more).toBeUndefined();
    expect(a?.reasons[0]).toBe(
      'Ana Ruiz viewed their own chart: the patient record carries their employee identifier',
    );
    expect(a?.score).toBe(70);
  });

  it('does not alert on someone else opening that chart, nor report it as family', () => {
    expect(run([access(T0, 'ben', 'self')], 'ehr.self')).toEqual([]);
    expect(run([access(T0, 'ana', 'self')], 'ehr.family')).toEqual([]);
  });
});
