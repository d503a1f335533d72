/** Context lookups: patients, staff, care links and stays. */
export * from './context-index.js';
