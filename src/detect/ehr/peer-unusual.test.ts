import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, access, hospital, run } from './hospital.fixture.js';

describe('ehr.peer_unusual', () => {
  // Lab staff usually read lab results of inpatients (explained); learn that, then a lab tech reads notes.
  const ctx = hospital();
  ctx.add({
    kind: 'practitioner_role',
    ref: 'PractitionerRole/lab2',
    source: 't',
    practitioners: ['Practitioner/lab2'],
    organization: 'Organization/lab',
    codes: ['lab-tech'],
  });
  const usual = Array.from({ length: 400 }, (_, i) =>
    access(T0 + i * 5 * 60_000, i % 2 ? 'lab' : 'lab2', 'inpt', { resource: `Observation/u${i}` }),
  );

  it('finds a record type the department never opens, on a patient no peer touched', () => {
    const odd = access(T0 + 2 * DAY, 'lab', 'x7', { resource: 'DocumentReference/n1' });
    const [a] = run([...usual, odd], 'ehr.peer_unusual', ctx);
    expect(a?.events).toEqual([odd.id]);
    expect(a?.entities).toEqual({ user: 'Practitioner/lab' });
    expect(a?.reasons[0]).toMatch(
      /Lars Lund opened DocumentReference records, which staff of their department \(Organization\/lab\) open in 0\.\d% of their accesses/,
    );
  });

  it('does not alert before the department model has warmed up, nor on usual record types', () => {
    expect(
      run([access(T0, 'lab', 'x7', { resource: 'DocumentReference/n1' })], 'ehr.peer_unusual', hospital()),
    ).toEqual([]);
    expect(
      run(
        [...usual, access(T0 + 2 * DAY + HOUR, 'lab', 'x8', { resource: 'Observation/z' })],
        'ehr.peer_unusual',
        ctx,
      ),
    ).toEqual([]);
  });
});
