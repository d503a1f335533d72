/** Public surface of learned baselines: small, JSON-snapshottable primitives detectors build on. */
export * from './decayed-counter.js';
export * from './window-counter.js';
export * from './distinct-set.js';
export * from './log-histogram.js';
