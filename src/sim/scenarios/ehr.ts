/**
 * EHR privacy scenarios (issue 5): family, neighbour, coworker, self, VIP spike, deceased, bulk browsing,
 * break-glass without emergency, access long after care ended, bulk demographics lookups, peer-unusual access.
 */
import type { ScenarioDef } from '../scenario.js';
import { randomPlace } from '../world.js';
import {
  addEncounter,
  addPatient,
  chartReads,
  DAY,
  HOUR,
  inShiftOf,
  MIN,
  pickStaff,
  pref,
  unrelatedPatient,
} from './pick.js';

const SNOOPERS = ['nurse', 'physician', 'registration', 'billing'] as const;

export const EHR_SCENARIOS: ScenarioDef[] = [
  {
    type: 'ehr_family',
    family: 'ehr_privacy',
    detectors: ['ehr.family'],
    description:
      'a staff member opens the chart of a relative (same surname and address, or a RelatedPerson link)',
    inject(ctx, at) {
      const s = pickStaff(ctx, [...SNOOPERS]);
      // Alternate the two ways a relative shows: same surname and address, or only a RelatedPerson link
      // (a married name, another address).
      const viaLink = ctx.extras.familyCount++ % 2 === 1;
      const given = ctx.rng.pick(['Laura', 'Peter', 'Ines', 'Tom']);
      const p = viaLink
        ? addPatient(ctx, {
            family: 'Okonkwo',
            given,
            gender: 'female',
            birthDate: '1962-08-19',
            home: randomPlace(ctx.rng),
          })
        : addPatient(ctx, {
            family: s.family,
            given,
            gender: 'male',
            birthDate: '1958-04-11',
            home: { ...s.home },
          });
      if (viaLink)
        ctx.extras.relatedPersons.push({
          id: `rp-${p.id}`,
          patient: p,
          staff: s,
          code: ctx.rng.pick(['SIS', 'MTH', 'DAU', 'SPS']),
        });
      const note = viaLink ? 'RelatedPerson link' : 'same surname and address';
      const t = inShiftOf(s, at);
      const events = chartReads(ctx, s, p.id, t, ctx.rng.int(2, 4));
      return {
        start: t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s), patient: `Patient/${p.id}` },
        events,
        note,
      };
    },
  },
  {
    type: 'ehr_neighbour',
    family: 'ehr_privacy',
    detectors: ['ehr.neighbour'],
    description: 'a staff member opens the chart of a neighbour (same street, nearby house number)',
    inject(ctx, at) {
      const s = pickStaff(ctx, [...SNOOPERS]);
      const house = Math.max(1, s.home.house + ctx.rng.pick([-4, -2, 2, 4, 6]));
      const home = { ...s.home, house, line: `${house} ${s.home.street}` };
      const p = addPatient(ctx, {
        family: 'Novak',
        given: 'Irene',
        gender: 'female',
        birthDate: '1971-09-30',
        home,
      });
      const t = inShiftOf(s, at);
      const events = chartReads(ctx, s, p.id, t, ctx.rng.int(1, 3));
      return {
        start: t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s), patient: `Patient/${p.id}` },
        events,
      };
    },
  },
  {
    type: 'ehr_coworker',
    family: 'ehr_privacy',
    detectors: ['ehr.coworker'],
    description: 'a staff member opens the chart of a coworker of the same department (employee-patient)',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['nurse', 'physician']);
      const peers = ctx.world.staff.filter((c) => c.dept === s.dept && c !== s);
      const c = peers.length > 0 ? ctx.rng.pick(peers) : s;
      const p = addPatient(ctx, {
        family: c.family,
        given: c.given,
        gender: 'female',
        birthDate: c.birthDate,
        home: { ...c.home },
        labels: ['EMP'],
      });
      ctx.extras.employeeOf.set(p.id, c);
      const t = inShiftOf(s, at);
      const events = chartReads(ctx, s, p.id, t, ctx.rng.int(2, 3));
      return {
        start: t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s), patient: `Patient/${p.id}` },
        events,
      };
    },
  },
  {
    type: 'ehr_self',
    family: 'ehr_privacy',
    detectors: ['ehr.self'],
    description: 'a staff member opens their own chart',
    inject(ctx, at) {
      const s = pickStaff(ctx, [...SNOOPERS]);
      const p = addPatient(ctx, {
        family: s.family,
        given: s.given,
        gender: 'male',
        birthDate: s.birthDate,
        home: { ...s.home },
        labels: ['EMP'],
      });
      ctx.extras.employeeOf.set(p.id, s);
      const t = inShiftOf(s, at);
      const events = chartReads(ctx, s, p.id, t, ctx.rng.int(1, 3), ['Observation', 'DiagnosticReport']);
      return {
        start: t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s), patient: `Patient/${p.id}` },
        events,
      };
    },
  },
  {
    type: 'ehr_vip',
    family: 'ehr_privacy',
    detectors: ['ehr.vip'],
    description: 'a celebrity is admitted and many staff without a care role open the chart within hours',
    inject(ctx, at) {
      const dept = ctx.rng.pick(ctx.world.depts.filter((d) => d.clinical));
      const doctors = ctx.world.staff.filter((s) => s.role === 'physician' && s.dept === dept);
      const attending = doctors[0] ?? pickStaff(ctx, ['physician']);
      const p = addPatient(ctx, {
        family: 'Stone',
        given: 'Ava',
        gender: 'female',
        birthDate: '1989-02-14',
        home: randomPlace(ctx.rng),
        labels: ['VIP'],
      });
      const admit = Math.floor(at / DAY) * DAY + 20 * HOUR;
      addEncounter(ctx, {
        patient: p,
        cls: 'IMP',
        dept,
        start: admit,
        end: admit + 3 * DAY,
        attending,
        team: [],
      });
      // The attending's own reads are legitimate and not part of the truth instance.
      chartReads(ctx, attending, p.id, admit + 30 * MIN, 3);
      const curious = ctx.rng.sample(
        ctx.world.staff.filter((s) => s !== attending && s.dept !== dept && !s.dormant),
        ctx.rng.int(15, 30),
      );
      const events = curious.flatMap((s) =>
        chartReads(ctx, s, p.id, admit + ctx.rng.int(40, 600) * MIN, ctx.rng.int(1, 2), [
          'Patient',
          'Condition',
          'DocumentReference',
        ]),
      );
      const end = Math.max(...events.map((e) => e.time));
      return {
        start: admit,
        end: end + MIN,
        entities: { patient: `Patient/${p.id}` },
        events,
        note: `${curious.length} users`,
      };
    },
  },
  {
    type: 'ehr_deceased',
    family: 'ehr_privacy',
    detectors: ['ehr.deceased'],
    description: 'a staff member opens the chart of a patient who died weeks ago, with no care role',
    inject(ctx, at) {
      const s = pickStaff(ctx, [...SNOOPERS]);
      const p = addPatient(ctx, {
        family: 'Marsh',
        given: 'Harold',
        gender: 'male',
        birthDate: '1941-06-02',
        home: randomPlace(ctx.rng),
        deceased: new Date(at - ctx.rng.int(20, 90) * DAY).toISOString(),
      });
      const t = inShiftOf(s, at);
      const events = chartReads(ctx, s, p.id, t, ctx.rng.int(1, 3));
      return {
        start: t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s), patient: `Patient/${p.id}` },
        events,
      };
    },
  },
  {
    type: 'ehr_bulk',
    family: 'ehr_privacy',
    detectors: ['ehr.bulk'],
    description: 'one user opens many unrelated charts in a short window (browsing / harvesting)',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['nurse', 'billing', 'registration']);
      const t = inShiftOf(s, at);
      const n = ctx.rng.int(60, 120);
      const events = [];
      for (let k = 0; k < n; k++) {
        const p = unrelatedPatient(ctx, s);
        events.push(
          ctx.emit.ehr(t + k * ctx.rng.int(20, 70) * 1000, {
            user: s.id,
            patient: p.id,
            purpose: 'TREAT',
            action: 'R',
            resource: ctx.rng.pick(['Patient', 'Condition', 'Observation']),
            ip: s.workstation.ip,
          }),
        );
      }
      return {
        start: t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s) },
        events,
        note: `${n} charts`,
      };
    },
  },
  {
    type: 'ehr_break_glass',
    family: 'ehr_privacy',
    detectors: ['ehr.break_glass'],
    description: 'emergency override (break-glass) on a patient with no emergency encounter',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['nurse', 'physician']);
      const p = unrelatedPatient(ctx, s);
      const t = inShiftOf(s, at);
      const events = [0, 1, 2].map((k) =>
        ctx.emit.ehr(t + k * 3 * MIN, {
          user: s.id,
          patient: p.id,
          purpose: k === 0 ? 'BTG' : 'ETREAT',
          action: 'R',
          resource: ctx.rng.pick(['DocumentReference', 'Condition']),
          ip: s.workstation.ip,
        }),
      );
      return {
        start: t,
        end: t + 7 * MIN,
        entities: { user: pref(s), patient: `Patient/${p.id}` },
        events,
      };
    },
  },
  {
    type: 'ehr_stale_relationship',
    family: 'ehr_privacy',
    detectors: ['ehr.stale_relationship'],
    description: 'a clinician opens the chart of a former patient long after the care ended',
    inject(ctx, at) {
      const old = ctx.encounters.filter((e) => e.end < ctx.world.start - 180 * DAY);
      const e = old.length > 0 ? ctx.rng.pick(old) : ctx.encounters[0];
      if (!e) throw new Error('no encounters to build a stale-relationship scenario on');
      const s = e.attending;
      const t = inShiftOf(s, at);
      const events = chartReads(ctx, s, e.patient.id, t, ctx.rng.int(2, 4));
      return {
        start: t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s), patient: `Patient/${e.patient.id}` },
        events,
        note: `care ended ${Math.round((at - e.end) / DAY)} days before`,
      };
    },
  },
  {
    type: 'ehr_demographics_bulk',
    family: 'ehr_privacy',
    detectors: ['ehr.demographics_bulk'],
    description: 'a registration clerk looks up demographics of many patients not being registered',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['registration']);
      const t = inShiftOf(s, at);
      const n = ctx.rng.int(40, 80);
      const events = [];
      for (let k = 0; k < n; k++) {
        const p = unrelatedPatient(ctx, s);
        events.push(
          ctx.emit.ehr(t + k * ctx.rng.int(40, 120) * 1000, {
            user: s.id,
            patient: p.id,
            purpose: 'HOPERAT',
            action: 'R',
            resource: 'Patient',
            ip: s.workstation.ip,
          }),
        );
      }
      return {
        start: t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s) },
        events,
        note: `${n} lookups`,
      };
    },
  },
  {
    type: 'ehr_peer_unusual',
    family: 'ehr_privacy',
    detectors: ['ehr.peer_unusual'],
    description: 'a lab or radiology technician reads clinical notes of patients their peers never touch',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['lab_tech', 'radiology_tech']);
      const t = inShiftOf(s, at);
      const events = [];
      for (let k = ctx.rng.int(4, 7); k > 0; k--) {
        const p = unrelatedPatient(ctx, s);
        events.push(
          ctx.emit.ehr(t + k * ctx.rng.int(3, 15) * MIN, {
            user: s.id,
            patient: p.id,
            purpose: 'TREAT',
            action: 'R',
            resource: ctx.rng.pick(['DocumentReference', 'Condition']),
            ip: s.workstation.ip,
          }),
        );
      }
      events.sort((a, b) => a.time - b.time);
      return {
        start: events[0]?.time ?? t,
        end: (events.at(-1)?.time ?? t) + MIN,
        entities: { user: pref(s) },
        events,
      };
    },
  },
];
