/** Evaluation of Ward's detectors against the simulated hospital's ground truth. */
export { runEval } from './run.js';
export type { EvalOptions, EvalReport } from './run.js';
export { score, normEntity, DEFAULT_GRACE_MS } from './score.js';
export type { Scores, TypeScore, FamilyScore, DetectorScore } from './score.js';
export { formatEvalTable, formatDelay } from './table.js';
