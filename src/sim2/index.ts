/** The second, independent hospital generator (Ward issue 5): public surface. */
export { generateSim2, writeSim2, SIM2_DEFAULTS, WINDOW_START } from './generate.js';
export type { Sim2Options, Sim2Output } from './generate.js';
export { CASE_TYPES } from './misuse.js';
export type { CaseType } from './misuse.js';
export { naiveRule } from './naive.js';
export type { NaiveScore } from './naive.js';
