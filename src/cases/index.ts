/** Privacy cases: EHR privacy alerts grouped per user and patient, scored, decided, and similar alarms suppressed. */
export * from './case.js';
export * from './case-store.js';
export * from './suppress.js';
