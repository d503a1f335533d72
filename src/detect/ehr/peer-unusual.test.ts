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

describe('ehr.peer_unusual: units the peer group never opens', () => {
  // ICU nurses read charts of ICU patients all day; then one opens a Birthing Center patient's chart.
  const ctx = hospital();
  const stayOn = (patient: string, loc: string) =>
    ctx.add({
      kind: 'encounter',
      ref: `Encounter/s-${patient}`,
      source: 't',
      patient: `Patient/${patient}`,
      location: [`Location/${loc}`],
      codes: ['IMP'],
      period: { start: T0 - DAY, end: T0 + 5 * DAY },
    });
  ctx.add({ kind: 'location', ref: 'Location/loc-bc-2', source: 't', organization: 'Organization/bc' });
  for (let i = 0; i < 10; i++) stayOn(`x${i}`, 'loc-icu');
  stayOn('x20', 'loc-bc-2');
  stayOn('x21', 'loc-bc-2');
  const usual = Array.from({ length: 240 }, (_, i) =>
    access(T0 + i * 5 * 60_000, i % 2 ? 'ana' : 'cara', `x${i % 10}`),
  );

  it("finds a look at a patient on a unit neither the user nor their department's nurses open", () => {
    const odd = access(T0 + DAY, 'ana', 'x20');
    const [a] = run([...usual, odd], 'ehr.peer_unusual', ctx);
    expect(a?.events).toEqual([odd.id]);
    expect(a?.reasons[0]).toBe(
      'Ana Ruiz opened the chart of a patient on BC, a unit where neither they nor other Organization/icu nurse staff open charts (0 of their last 240 accesses)',
    );
  });

  it('learns a reported unit: a colleague floated there later is not reported again', () => {
    const first = access(T0 + DAY, 'ana', 'x20');
    const later = access(T0 + DAY + HOUR, 'cara', 'x21');
    const alerts = run([...usual, first, later], 'ehr.peer_unusual', ctx);
    expect(alerts.map((a) => a.entities.user)).toEqual(['Practitioner/ana']);
  });

  it('does not alert before the peer group has history, nor on the units it works', () => {
    expect(run([...usual.slice(0, 50), access(T0 + DAY, 'ana', 'x20')], 'ehr.peer_unusual', ctx)).toEqual([]);
    expect(run([...usual, access(T0 + DAY, 'ana', 'x3')], 'ehr.peer_unusual', ctx)).toEqual([]);
  });
});
