/**
 * Builds a simulated hospital run: world → encounters → normal activity → injected scenarios, then renders
 * every record in its real format (write.ts puts them in files, live.ts streams them).
 */
import { basename } from 'node:path';
import { simulateActivity } from './activity.js';
import { simulateDataMovement } from './data-movement.js';
import { buildEncounters, type Encounter } from './care.js';
import { Emit } from './emit.js';
import {
  auditEventLine,
  encounterResources,
  orgResources,
  patientResource,
  relatedPersonResource,
  staffResources,
} from './formats/fhir.js';
import { adtMessage } from './formats/hl7.js';
import { Random } from './random.js';
import { LOG_FILES, RecordBuffer, type LogFile, type SimRecord } from './record.js';
import type { ContextExtras, Injected, ScenarioDef, TruthRecord } from './scenario.js';
import { SCENARIOS, scenarioByType } from './scenarios/index.js';
import { syslogLine } from './formats/syslog.js';
import { telemetryLine } from './formats/telemetry.js';
import { windowsEventLine } from './formats/windows.js';
import { buildWorld, type Patient, type Staff, type World } from './world.js';
import { zeekJsonLine, zeekTsvLine } from './formats/zeek.js';

const DAY = 86_400_000;
/** Default start of the simulated period: Monday 2 March 2026, 00:00 UTC. */
export const DEFAULT_START = Date.UTC(2026, 2, 2);

/** What to simulate. */
export interface SimOptions {
  seed: number;
  staff: number;
  patients: number;
  days: number;
  /** Scenario counts by type; default one of each. */
  scenarios?: Record<string, number>;
  /** Start of the period, epoch ms (default DEFAULT_START). */
  start?: number;
}

/** A simulated run in memory, before rendering. */
export interface Simulation {
  options: Required<SimOptions>;
  world: World;
  encounters: Encounter[];
  extras: ContextExtras;
  records: RecordBuffer;
  instances: { def: ScenarioDef; n: number; injected: Injected }[];
}

/** Parse a `--scenarios` list: `all`, `none`, or `type[:count],…`. Throws naming an unknown type. */
export function parseScenarioList(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (text === 'none') return out;
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [name = '', count = '1'] = part.split(':');
    const n = Number(count);
    if (!Number.isInteger(n) || n < 0) throw new Error(`scenario count must be a whole number: "${part}"`);
    if (name === 'all') for (const s of SCENARIOS) out[s.type] = n;
    else if (scenarioByType(name)) out[name] = n;
    else throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.type).join(', ')}`);
  }
  return out;
}

/** Simulate in memory. Deterministic: the same options give the same records. */
export function simulate(opt: SimOptions): Simulation {
  // Explicit undefined (from optional flags) falls back to the defaults too.
  const options: Required<SimOptions> = {
    seed: opt.seed,
    staff: opt.staff,
    patients: opt.patients,
    days: opt.days,
    start: opt.start ?? DEFAULT_START,
    scenarios: opt.scenarios ?? Object.fromEntries(SCENARIOS.map((s) => [s.type, 1])),
  };
  const root = new Random(options.seed);
  const world = buildWorld(root.fork('world'), {
    staff: Math.max(options.staff, 12),
    patients: Math.max(options.patients, 50),
    days: options.days,
    start: options.start,
  });
  const encounters = buildEncounters(root.fork('care'), world);
  const records = new RecordBuffer();
  simulateActivity(root.fork('activity'), world, encounters, new Emit(records, root.fork('emit')));
  const extras: ContextExtras = {
    relatedPersons: [],
    employeeOf: new Map(),
    extraEncounters: [],
    familyCount: 0,
  };
  const srng = root.fork('scenarios');
  // Benign data movement draws from its own fork, taken after the others so their records stay as they were.
  simulateDataMovement(root.fork('data-movement'), world, records);
  const ctx = {
    rng: srng,
    world,
    encounters,
    emit: new Emit(records, srng.fork('emit')),
    extras,
    used: new Set<Staff>(),
  };
  const instances: Simulation['instances'] = [];
  for (const def of SCENARIOS) {
    const count = options.scenarios[def.type] ?? 0;
    for (let n = 0; n < count; n++) {
      // Day 0 is for learning what is normal; scenarios start on day 1 when there is one.
      const span = Math.min(def.spanDays ?? 1, options.days);
      const first = options.days - span >= 1 ? 1 : 0;
      const day = srng.int(first, Math.max(first, options.days - span));
      const at = options.start + day * DAY + srng.int(8, 20) * 3_600_000 + srng.int(0, 59) * 60_000;
      const injected = def.inject(ctx, at);
      // An instance the run cannot hold (see Injected.skipped) stays out of the truth instead of being misplaced.
      if (injected.skipped === undefined) instances.push({ def, n, injected });
    }
  }
  return { options, world, encounters, extras, records, instances };
}

/** Context resources as ndjson lines, by file name. */
export function contextFiles(sim: Simulation): Map<string, string[]> {
  const { world } = sim;
  const end = world.start + world.days * DAY;
  const files = new Map<string, string[]>();
  const put = (name: string, r: Record<string, unknown>): void => {
    let list = files.get(name);
    if (!list) files.set(name, (list = []));
    list.push(JSON.stringify(r));
  };
  for (const p of world.patients) put('Patient.ndjson', patientResource(p, sim.extras.employeeOf.get(p.id)));
  for (const s of world.staff) {
    const [prac, role] = staffResources(s, world);
    if (prac) put('Practitioner.ndjson', prac);
    if (role) put('PractitionerRole.ndjson', role);
  }
  const { orgs, locations } = orgResources(world);
  for (const o of orgs) put('Organization.ndjson', o);
  for (const l of locations) put('Location.ndjson', l);
  for (const e of [...sim.encounters, ...sim.extras.extraEncounters]) {
    for (const r of encounterResources(e, end))
      put(r.resourceType === 'CareTeam' ? 'CareTeam.ndjson' : 'Encounter.ndjson', r);
  }
  // Next of kin recorded for some patients (emergency contacts): same surname and address, not staff.
  const kin = new Random(sim.options.seed ^ 0x6b1d);
  for (const p of world.patients) {
    if (p.labels.length > 0 || !kin.chance(0.08)) continue;
    const relative = {
      family: p.family,
      given: kin.pick(['Anne', 'Paul', 'Rita', 'Joe', 'Lena']),
      home: p.home,
    };
    put(
      'RelatedPerson.ndjson',
      relatedPersonResource(`rp-kin-${p.id}`, p, relative, kin.pick(['SPS', 'MTH', 'FTH', 'SON', 'DAU'])),
    );
  }
  for (const rp of sim.extras.relatedPersons)
    put('RelatedPerson.ndjson', relatedPersonResource(rp.id, rp.patient, rp.staff, rp.code));
  return files;
}

/** Zeek-style connection uid: `C` + 17 base62 characters. */
function uidOf(rng: Random): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = 'C';
  for (let i = 0; i < 17; i++) s += abc[rng.int(0, 61)] ?? 'x';
  return s;
}

/** Assign source ids to every record of a file in file order (DESIGN.md "Source record ids"). */
export function assignIds(sim: Simulation, prefix = ''): Map<LogFile, SimRecord[]> {
  const byFile = sim.records.byFile();
  const uidRng = new Random(sim.options.seed ^ 0x2545f491);
  for (const [file, list] of byFile) {
    const name = basename(LOG_FILES[file]);
    list.forEach((r, i) => {
      switch (file) {
        case 'audit':
          r.id = `${prefix}ae-${i + 1}`;
          break;
        case 'windows':
          r.id = String(100_000 + i + 1);
          break;
        case 'sshd':
        case 'fortigate':
        case 'globalprotect':
        case 'openvpn':
        case 'dhcp':
          r.id = `${name}:${i + 1}`;
          break;
        case 'zeek':
          r.id = uidOf(uidRng);
          break;
        case 'telemetry':
          r.id = `${prefix}tel-${i + 1}`;
          break;
        case 'adt':
          r.id = `${prefix}ADT${String(i + 1).padStart(7, '0')}`;
          break;
        default: {
          const never: never = file;
          throw new Error(`unhandled file ${String(never)}`);
        }
      }
    });
  }
  return byFile;
}

/** Render one record at `time` (shifted in live mode). Zeek renders as JSON when `zeekJson`. */
export function renderRecord(
  r: SimRecord,
  time: number,
  patients: Map<string, Patient>,
  zeekJson = false,
): string {
  const id = r.id ?? '';
  switch (r.file) {
    case 'audit':
      return auditEventLine(id, time, r.data as SimRecord<'audit'>['data']);
    case 'windows':
      return windowsEventLine(id, time, r.data as SimRecord<'windows'>['data']);
    case 'sshd':
    case 'fortigate':
    case 'globalprotect':
    case 'openvpn':
    case 'dhcp':
      return syslogLine(time, r.data as SimRecord<'sshd'>['data']);
    case 'zeek':
      return zeekJson
        ? zeekJsonLine(id, time, r.data as SimRecord<'zeek'>['data'])
        : zeekTsvLine(id, time, r.data as SimRecord<'zeek'>['data']);
    case 'telemetry':
      return telemetryLine(id, time, r.data as SimRecord<'telemetry'>['data']);
    case 'adt': {
      const a = r.data as SimRecord<'adt'>['data'];
      const p = patients.get(a.patient);
      if (!p) throw new Error(`ADT for unknown patient ${a.patient}`);
      const shift = time - r.time;
      return adtMessage(
        id,
        time,
        {
          ...a,
          admit: a.admit + shift,
          ...(a.discharge !== undefined ? { discharge: a.discharge + shift } : {}),
        },
        p,
      );
    }
    default: {
      const never: never = r.file;
      throw new Error(`unhandled file ${String(never)}`);
    }
  }
}

/** Truth records of a simulation whose ids were assigned. */
export function truthOf(sim: Simulation): TruthRecord[] {
  return sim.instances.map(({ def, n, injected }) => ({
    id: `${def.type}-${n + 1}`,
    type: def.type,
    family: def.family,
    start: new Date(injected.start).toISOString(),
    end: new Date(injected.end).toISOString(),
    entities: injected.entities,
    events: injected.events.map((e) => e.id ?? ''),
    detectors: def.detectors,
    ...(injected.note !== undefined ? { note: injected.note } : {}),
  }));
}
