/** The scenario contract: what an injected threat instance records as ground truth, and how it is injected. */
import type { Encounter } from './care.js';
import type { Emit } from './emit.js';
import type { Random } from './random.js';
import type { SimRecord } from './record.js';
import type { Patient, Staff, World } from './world.js';

/** Scenario families (the threat areas of the issues). */
export type ScenarioFamily = 'ehr_privacy' | 'identity' | 'exfiltration' | 'device' | 'multi_stage';

/** Entities of a truth instance, as the sources name them. */
export interface TruthEntities {
  user?: string;
  patient?: string;
  srcIp?: string;
  host?: string;
  device?: string;
}

/** One injected instance before its records have ids. */
export interface Injected {
  start: number;
  end: number;
  entities: TruthEntities;
  events: SimRecord[];
  /** Extra words for people reading truth.jsonl. */
  note?: string;
  /**
   * Set when this run cannot hold the instance (e.g. a weekend scenario in a run without a second weekend day):
   * why. A skipped instance has no events and is left out of truth.jsonl rather than placed where it would lie.
   */
  skipped?: string;
}

/** One line of truth.jsonl. */
export interface TruthRecord {
  id: string;
  type: string;
  family: ScenarioFamily;
  /** ISO 8601 UTC. */
  start: string;
  end: string;
  entities: TruthEntities;
  events: string[];
  detectors: string[];
  note?: string;
}

/** Context additions scenarios make (new patients, relatives, employee links, former employees). */
export interface ContextExtras {
  relatedPersons: { id: string; patient: Patient; staff: Staff; code: string }[];
  employeeOf: Map<string, Staff>;
  extraEncounters: Encounter[];
  /** Family instances so far (they alternate between surname+address and RelatedPerson). */
  familyCount: number;
}

/** What an injector gets. */
export interface ScenarioContext {
  rng: Random;
  world: World;
  encounters: Encounter[];
  emit: Emit;
  extras: ContextExtras;
  /** Staff already acting in an injected instance. */
  used: Set<Staff>;
}

/** A scenario type. */
export interface ScenarioDef {
  type: string;
  family: ScenarioFamily;
  /** Detector ids expected to find it (several do not exist yet). */
  detectors: string[];
  description: string;
  /** Days the instance spans (ransomware: 3). */
  spanDays?: number;
  inject(ctx: ScenarioContext, at: number): Injected;
}
