import { describe, expect, it } from 'vitest';
import { T0, access, run } from './hospital.fixture.js';

describe('ehr.neighbour', () => {
  it('finds a look at a neighbour a few doors away', () => {
    const [a] = run([access(T0, 'ana', 'neighbour')], 'ehr.neighbour');
    expect(a?.reasons[0]).toBe(
      'Ana Ruiz viewed the chart of a neighbour: a patient living 4 house numbers away on their street in the same postal code',
    );
  });

  it('leaves same-surname households to ehr.family and ignores far-away patients', () => {
    expect(run([access(T0, 'ana', 'husband')], 'ehr.neighbour')).toEqual([]);
    expect(run([access(T0, 'ana', 'x30')], 'ehr.neighbour')).toEqual([]);
  });
});
