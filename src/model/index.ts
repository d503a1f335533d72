/** Public surface of the model: the shared vocabulary of every stage. */
export * from './event.js';
export * from './context.js';
export * from './dead-letter.js';
export * from './alert.js';
export * from './actions.js';
