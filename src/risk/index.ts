/** Public surface of entity risk: scores with decay, timelines and baselines of users, hosts, IPs, devices, patients. */
export * from './entity.js';
export * from './score.js';
export * from './baseline.js';
export * from './risk-store.js';
