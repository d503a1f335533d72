/** The second, independent identity / remote-access log generator: public surface. */
export { generateIdentitySim, writeIdentitySim, IDENTITY_DEFAULTS } from './generate.js';
export type { IdentitySimOptions, IdentitySimOutput } from './generate.js';
export { IDENTITY_CASE_TYPES } from './attacks.js';
export type { IdentityCaseType } from './attacks.js';
