/** The hospital simulator's public surface: batch files for `ward sim` / `ward eval`, and a live feed. */
export { simulate, parseScenarioList, DEFAULT_START } from './simulate.js';
export type { SimOptions, Simulation } from './simulate.js';
export { writeSimulation } from './write.js';
export type { WrittenSimulation } from './write.js';
export { simulateLive } from './live.js';
export type { LiveOptions } from './live.js';
export { SCENARIOS, scenarioByType } from './scenarios/index.js';
export type { ScenarioDef, ScenarioFamily, TruthRecord, TruthEntities } from './scenario.js';
