/** Evaluation of Ward's detectors against the simulated hospital's ground truth. */
export { analyzeInMemory, runEval } from './run.js';
export type { EvalOptions, EvalReport, MemoryRun } from './run.js';
export { score, normEntity, DEFAULT_GRACE_MS } from './score.js';
export type { Scores, TypeScore, FamilyScore, DetectorScore } from './score.js';
export { formatEvalTable, formatDelay } from './table.js';
