import { describe, expect, it } from 'vitest';
import { sameBuilding, sameHome, streets } from './access.js';
import { T0, access, hospital, run } from './hospital.fixture.js';

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

describe('addresses normalised (USPS Publication 28 style)', () => {
  const addr = (line: string[], postalCode = '54101') => [{ line, city: 'Riverton', postalCode }];

  it('reads suffix and directional abbreviations, case, punctuation, units and ZIP+4 alike', () => {
    const [a] = streets(addr(['52 North Heron Drive', 'Apt. 3'], '54101-6245'));
    const [b] = streets(addr(['52 N HERON DR #3']));
    expect(a).toMatchObject({ number: 52, street: 'n heron dr', unit: '3', postal: '54101' });
    expect(sameHome(a!, b!)).toBe(true);
    const [c] = streets(addr(['52 N. Heron Dr Unit 4']));
    expect(sameHome(a!, c!)).toBe(false);
    expect(sameBuilding(a!, c!)).toBe(true);
  });

  const ctx = hospital();
  ctx.add({
    kind: 'patient',
    ref: 'Patient/flat',
    source: 't',
    family: 'Moss',
    address: [{ line: ['12 OAK STREET', 'Apt 7'], city: 'Riverton', postalCode: '54101-1234' }],
  });
  ctx.add({
    kind: 'patient',
    ref: 'Patient/doors',
    source: 't',
    family: 'Park',
    address: [{ line: ['18 Oak Street.'], postalCode: '54101-9876' }],
  });

  it("finds another flat in the user's building and a neighbour written in another style", () => {
    // Ana lives at "12 Oak St", 54101.
    const [flat] = run([access(T0, 'ana', 'flat')], 'ehr.neighbour', ctx);
    expect(flat?.reasons[0]).toBe(
      'Ana Ruiz viewed the chart of a neighbour: a patient living in another unit of their building',
    );
    const [doors] = run([access(T0, 'ana', 'doors')], 'ehr.neighbour', ctx);
    expect(doors?.reasons[0]).toContain('6 house numbers away on their street in the same postal code');
  });
});
