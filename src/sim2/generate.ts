/**
 * The second generator end to end: hospital → visits → prepared misuse → legitimate activity → injected misuse →
 * AuditEvents with ids, context resources and truth. Pure and deterministic: the same options give the same
 * file texts byte for byte. `writeSim2` puts them on disk (context/*.ndjson, logs/audit-events.ndjson,
 * truth.jsonl, README.md).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TruthRecord } from '../sim/index.js';
import { auditEvent, type Access } from './audit.js';
import { buildCare } from './care.js';
import {
  careResources,
  locations,
  organizations,
  patientResources,
  relatedResources,
  staffResources,
} from './fhir.js';
import { buildHospital } from './hospital.js';
import { CASE_TYPES, injectCases, prepareCases } from './misuse.js';
import { legitActivity } from './activity.js';
import { Rng } from './random.js';
import { DAY } from './schedule.js';

/** Size and seed of a generated hospital. */
export interface Sim2Options {
  seed: number;
  staff: number;
  patients: number;
  days: number;
  /** Instances of each misuse type. */
  cases: number;
}

/** Defaults for the command line. */
export const SIM2_DEFAULTS: Sim2Options = { seed: 1, staff: 300, patients: 3000, days: 7, cases: 3 };

/** Generated file texts (relative path → content), the truth and counts. */
export interface Sim2Output {
  files: Map<string, string>;
  truth: TruthRecord[];
  counts: Record<string, number>;
}

/** First local midnight of the window: Monday 2 February 2026, 00:00 at UTC−6. */
export const WINDOW_START = Date.UTC(2026, 1, 2, 6);

function ndjson(rows: readonly unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** Generate everything in memory. */
export function generateSim2(opt: Sim2Options): Sim2Output {
  const root = new Rng(opt.seed);
  const t0 = WINDOW_START;
  const h = buildHospital(root.fork(1), opt.staff, opt.patients, 2026);
  const care = buildCare(root.fork(2), h, t0, opt.days);
  const prep = prepareCases(root.fork(3), h, care, opt.cases);
  const legit = legitActivity(root.fork(4), h, care);
  const cases = injectCases(root.fork(5), h, care, legit, prep);
  const all: Access[] = [...legit, ...cases.flatMap((c) => c.accesses)];
  all.sort((a, b) => a.t - b.t);
  const ids = root.fork(6);
  const draw = root.fork(7);
  const lines: string[] = [];
  for (const a of all) {
    a.id = ids.uuid();
    const ws =
      a.via === 'pacs'
        ? `RAD-RDG-${String(draw.int(1, 12)).padStart(2, '0')}`
        : `WS-${a.user.workDept.key.toUpperCase()}-${String(draw.int(1, 40)).padStart(3, '0')}`;
    lines.push(JSON.stringify(auditEvent(a, draw, ws)));
  }
  const ctx = root.fork(8);
  const { practitioners, roles } = staffResources(ctx, h, t0);
  const { encounters, careTeams } = careResources(ctx, h, care.visits, roles, t0 + opt.days * DAY);
  const files = new Map<string, string>();
  // An empty ndjson file is not a valid export (and Ward counts it as empty input): leave it out.
  const put = (type: string, rows: readonly unknown[]): void => {
    if (rows.length > 0) files.set(`context/${type}.ndjson`, ndjson(rows));
  };
  put('Organization', organizations(h));
  put('Location', locations(h));
  put('Practitioner', practitioners);
  put('PractitionerRole', roles);
  put('Patient', patientResources(ctx, h));
  put('Encounter', encounters);
  put('CareTeam', careTeams);
  put('RelatedPerson', relatedResources(ctx, prep.relations));
  files.set('logs/audit-events.ndjson', lines.join('\n') + '\n');

  const perType = new Map<string, number>();
  const truth: TruthRecord[] = cases.map((c) => {
    const k = (perType.get(c.type) ?? 0) + 1;
    perType.set(c.type, k);
    const first = c.accesses[0]?.t ?? t0;
    const last = c.accesses[c.accesses.length - 1]?.t ?? first;
    return {
      id: `sim2-${c.type.slice(4)}-${k}`,
      type: c.type,
      family: 'ehr_privacy',
      start: new Date(first).toISOString(),
      end: new Date(last).toISOString(),
      entities: { user: c.user.ref, patient: c.patient.ref },
      events: c.accesses.map((a) => a.id ?? ''),
      detectors: [c.type],
      note: c.note,
    };
  });
  files.set('truth.jsonl', ndjson(truth));
  const counts: Record<string, number> = {
    staff: h.staff.length,
    patients: h.patients.length,
    encounters: encounters.length,
    careTeams: careTeams.length,
    relatedPersons: prep.relations.length,
    auditEvents: all.length,
    misuseEvents: cases.reduce((s, c) => s + c.accesses.length, 0),
  };
  files.set('README.md', readme(opt, counts, truth));
  return { files, truth, counts };
}

function readme(opt: Sim2Options, counts: Record<string, number>, truth: TruthRecord[]): string {
  const rows = CASE_TYPES.map((t) => {
    const xs = truth.filter((r) => r.type === t);
    return `| ${t} | ${xs.length} | ${xs.reduce((s, r) => s + r.events.length, 0)} |`;
  });
  return [
    '# Ward sim2: a second, independent hospital',
    '',
    `Generated by \`ward sim2 --seed ${opt.seed} --staff ${opt.staff} --patients ${opt.patients} --days ${opt.days} --cases ${opt.cases}\`.`,
    `Window: ${opt.days} days from 2026-02-02 00:00 local time (UTC−6).`,
    '',
    '- `context/*.ndjson`: FHIR R4 Bulk Data (Organization, Location, Practitioner, PractitionerRole, Patient, Encounter, CareTeam, RelatedPerson).',
    '- `logs/audit-events.ndjson`: FHIR R4 AuditEvents (IHE BALP RESTful read / search / vread) from the EHR and the imaging viewer.',
    '- `truth.jsonl`: one line per injected misuse instance (type, start, end, entities, evidence event ids, expected detector).',
    '',
    `Staff ${counts.staff}, patients ${counts.patients}, encounters ${counts.encounters}, care teams ${counts.careTeams}, related persons ${counts.relatedPersons}.`,
    `Audit events ${counts.auditEvents}, of which ${counts.misuseEvents} are misuse.`,
    '',
    '| type | instances | events |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Generate and write to `dir`; returns what was written. */
export async function writeSim2(opt: Sim2Options, dir: string): Promise<Sim2Output> {
  const out = generateSim2(opt);
  await mkdir(join(dir, 'context'), { recursive: true });
  await mkdir(join(dir, 'logs'), { recursive: true });
  for (const [path, text] of out.files) await writeFile(join(dir, path), text);
  return out;
}
