import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/index.js';
import { createEhrPrivacy } from './ehr-privacy.js';
import { T0, access, hospital, run } from './hospital.fixture.js';

describe('ehr.coworker', () => {
  it('finds an unexplained look at a same-department employee-patient', () => {
    const [a] = run([access(T0, 'ana', 'colleague')], 'ehr.coworker');
    expect(a?.reasons[0]).toMatch(
      /Ana Ruiz viewed the chart of a coworker: an employee-patient of the same department \(Organization\/icu\)/,
    );
  });

  it('ignores colleagues of other departments and colleagues admitted to the user’s unit', () => {
    expect(run([access(T0, 'ben', 'colleague')], 'ehr.coworker')).toEqual([]);
    const ctx = hospital();
    ctx.add({
      kind: 'encounter',
      ref: 'Encounter/c',
      source: 't',
      patient: 'Patient/colleague',
      location: ['Location/loc-icu'],
      period: { start: T0 - 3_600_000, end: T0 + 86_400_000 },
    });
    expect(run([access(T0, 'ana', 'colleague')], 'ehr.coworker', ctx)).toEqual([]);
  });
});

describe('ehr.coworker: listed treatment', () => {
  it('does not alert when the user is listed on the colleague’s encounter, and alerts once the care is long over', () => {
    const ctx = hospital();
    // Cara (ICU) is a patient; Ana (ICU) is named on her encounter through a PractitionerRole reference.
    ctx.add({
      kind: 'encounter',
      ref: 'Encounter/cw',
      source: 't',
      patient: 'Patient/colleague',
      practitioners: ['PractitionerRole/ana'],
      period: { start: T0 - 86_400_000, end: T0 + 86_400_000 },
    });
    expect(run([access(T0, 'ana', 'colleague')], 'ehr.coworker', ctx)).toEqual([]);
    expect(run([access(T0 + 60 * 86_400_000, 'ana', 'colleague')], 'ehr.coworker', ctx)).toHaveLength(1);
  });
});

describe('EHR privacy episodes: repeat alerts', () => {
  it('raises one alert for a coworker chart re-read over days, counts the repeats, and alerts again after a week', () => {
    const fam = createEhrPrivacy(undefined, { context: hospital() });
    const out: Alert[] = [];
    const days = [0, 1, 2, 3, 4, 5, 6, 9];
    for (const d of days) {
      const e = access(T0 + d * 86_400_000, 'ana', 'colleague');
      fam.advance(e.time, (a) => out.push(a));
      fam.handle(e, (a) => out.push(a));
    }
    fam.finish((a) => out.push(a));
    const cw = out.filter((a) => a.detector === 'ehr.coworker');
    // Day 0 alerts; days 1–6 are repeats within 7 days of it; day 9 is a new alert.
    expect(cw.map((a) => Date.parse(a.time))).toEqual([T0, T0 + 9 * 86_400_000]);
    expect(fam.stats().repeatsByDetector['ehr.coworker']).toBe(6);
  });
});
