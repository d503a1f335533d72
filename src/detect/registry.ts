/** The detector families Ward runs, by name. Factories give fresh state per run; no import side effects. */
import type { DetectorFamily } from './detector.js';
import { createLoginFailures } from './login-failures.js';
import { createSuccessAfterFailures } from './success-after-failures.js';
import { createIdentity } from './identity/index.js';

/** A registered family: its name and a factory taking the family's optional config. */
export interface DetectorFamilyFactory {
  name: string;
  create(config?: unknown): DetectorFamily;
}

/** Every detector family, in the order they see events. */
export const DETECTOR_FAMILIES: readonly DetectorFamilyFactory[] = [
  { name: 'login-failures', create: createLoginFailures },
  { name: 'success-after-failures', create: createSuccessAfterFailures },
  { name: 'identity', create: createIdentity },
];

/** Fresh instances of every family with default settings. */
export function createDefaultFamilies(): DetectorFamily[] {
  return DETECTOR_FAMILIES.map((f) => f.create());
}
