/** Every scenario type the simulator can inject, by name. */
import type { ScenarioDef } from '../scenario.js';
import { EHR_SCENARIOS } from './ehr.js';
import { IDENTITY_HABIT_SCENARIOS, IDENTITY_SCENARIOS } from './identity.js';
import { NETWORK_SCENARIOS } from './network.js';

/** All scenario types, in the order truth.jsonl lists them. */
export const SCENARIOS: readonly ScenarioDef[] = [
  ...EHR_SCENARIOS,
  ...IDENTITY_SCENARIOS,
  ...NETWORK_SCENARIOS,
  // Added after the others so their random draws stay the same (see identity.ts).
  ...IDENTITY_HABIT_SCENARIOS,
];

/** The scenario with this type, or undefined. */
export function scenarioByType(type: string): ScenarioDef | undefined {
  return SCENARIOS.find((s) => s.type === type);
}
