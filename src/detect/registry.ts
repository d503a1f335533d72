/** The detector families Ward runs, by name. Factories give fresh state per run; no import side effects. */
import type { ContextIndex } from '../context/index.js';
import type { GeoLookup } from '../enrich/geoip.js';
import type { DetectorFamily } from './detector.js';
import { createEhrPrivacy } from './ehr/ehr-privacy.js';
import { createExfiltration } from './exfil/index.js';
import { createLoginAttempts } from './login-attempts.js';
import { createIdentity } from './identity/index.js';

/** Shared state the pipeline hands to families that need it. */
export interface FamilyDeps {
  /** The context index the pipeline feeds with every context record. */
  context?: ContextIndex;
  /** Offline GeoIP; default the shipped databases (loaded on first use). */
  geo?: GeoLookup;
}

/** A registered family: its name and a factory taking the family's optional config. */
export interface DetectorFamilyFactory {
  name: string;
  create(config?: unknown, deps?: FamilyDeps): DetectorFamily;
}

/** Every detector family, in the order they see events. */
export const DETECTOR_FAMILIES: readonly DetectorFamilyFactory[] = [
  { name: 'login-attempts', create: createLoginAttempts },
  { name: 'identity', create: createIdentity },
  { name: 'ehr-privacy', create: createEhrPrivacy },
  { name: 'exfiltration', create: createExfiltration },
];

/** Fresh instances of every family with default settings; `deps.context` goes to families that read context. */
export function createDefaultFamilies(deps?: FamilyDeps): DetectorFamily[] {
  return DETECTOR_FAMILIES.map((f) => f.create(undefined, deps));
}
