/** Public surface of the API: build the server, manage tokens, TLS and server limits. */
export { buildApp, packageVersion } from './app.js';
export type { AppDeps, MetricsProvider } from './deps.js';
export { ROLES, TokenService, hashToken } from './auth.js';
export type { Principal, Role, TokenInfo } from './auth.js';
export { ERROR_STATUS, ApiError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { SERVER_LIMITS, loggerOptions, tlsOptions } from './server-options.js';
export type { TlsOptions } from './server-options.js';
