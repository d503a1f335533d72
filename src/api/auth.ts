/**
 * Access control for Ward itself: API tokens and roles. A token is `ward_` + 32 random bytes in base64url; only
 * its SHA-256 hash is stored (with name, role, created, last used, revoked), so a copy of the database does not
 * hand out access. Each route declares the roles it allows in its `config.roles`; a route without them is
 * admin-only, so a forgotten declaration fails closed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store, StoredToken } from '../store/index.js';
import { ApiError } from './errors.js';

/** Roles of Ward's users. */
export const ROLES = ['admin', 'analyst', 'privacy_officer', 'read_only'] as const;
export type Role = (typeof ROLES)[number];

/** Every role: read-only routes. */
export const ANY_ROLE: readonly Role[] = ROLES;
/** Roles that act on alerts and submit data. */
export const ACTING_ROLES: readonly Role[] = ['admin', 'analyst', 'privacy_officer'];
/** Token management and other administration. */
export const ADMIN_ONLY: readonly Role[] = ['admin'];
/** Roles that see patient names unmasked. */
export const PHI_ROLES: readonly Role[] = ['admin', 'privacy_officer'];

/** Who made a request: the token's name and role. */
export interface Principal {
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on this route; absent = admin only. */
    roles?: readonly Role[];
    /** No token needed (health, docs, the web console's files). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Set by the auth hook on routes that need a token. */
    principal?: Principal;
  }
}

/** A token's public description (no hash, no text). */
export interface TokenInfo {
  name: string;
  role: Role;
  created: string;
  lastUsed?: string;
  revoked?: string;
}

const TOKEN_PREFIX = 'ward_';
/** Shape of a token: prefix + 43 base64url characters (32 bytes). */
const TOKEN_SHAPE = /^ward_[A-Za-z0-9_-]{43}$/;
/** Token names: short, printable, safe in logs and URLs. */
export const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** lastUsed is written at most this often per token, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;

/** SHA-256 of a token's text, lowercase hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token text. */
export function newTokenText(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

function info(t: StoredToken): TokenInfo {
  const out: TokenInfo = { name: t.name, role: t.role as Role, created: new Date(t.created).toISOString() };
  if (t.lastUsed !== undefined) out.lastUsed = new Date(t.lastUsed).toISOString();
  if (t.revoked !== undefined) out.revoked = new Date(t.revoked).toISOString();
  return out;
}

/** A verified token is trusted this long without asking the store again (revocation here clears it at once). */
const CACHE_MS = 10_000;
/** Cached verifications kept at most; the cache is emptied when it would grow past this. */
const CACHE_MAX = 1000;

/** Issues, checks and revokes API tokens kept in the store. */
export class TokenService {
  /** Recent verifications by token hash, so polling clients do not queue a store read per request. */
  private readonly cache = new Map<string, { who: Principal; until: number }>();

  constructor(private readonly store: Store) {}

  /** Create a token; returns its text, which is shown once and never stored. */
  async create(name: string, role: Role): Promise<{ token: string; info: TokenInfo }> {
    if (!TOKEN_NAME.test(name)) {
      throw new ApiError('bad_request', 'token name must be 1-64 letters, digits or . _ @ - characters');
    }
    if (!isRole(role)) throw new ApiError('bad_request', `role must be one of ${ROLES.join(', ')}`);
    const existing = await this.store.listTokens();
    if (existing.some((t) => t.name === name)) {
      throw new ApiError('conflict', `a token named ${name} already exists`);
    }
    const token = newTokenText();
    const stored: StoredToken = { name, role, hash: hashToken(token), created: Date.now() };
    await this.store.saveToken(stored);
    return { token, info: info(stored) };
  }

  /** Every token's description, oldest first. */
  async list(): Promise<TokenInfo[]> {
    return (await this.store.listTokens()).map(info);
  }

  /** Revoke a token by name; false when there is no active token of that name. */
  async revoke(name: string): Promise<boolean> {
    const done = await this.store.revokeToken(name);
    this.cache.clear();
    return done;
  }

  /**
   * The holder of `token`, or undefined when it is malformed, unknown or revoked. The stored hash is compared
   * in constant time.
   */
  async verify(token: string): Promise<Principal | undefined> {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    const hash = hashToken(token);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached !== undefined && cached.until > now) return cached.who;
    const found = await this.store.findTokenByHash(hash);
    if (found === undefined || found.revoked !== undefined || !isRole(found.role)) return undefined;
    const a = Buffer.from(found.hash, 'hex');
    const b = Buffer.from(hash, 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    if (found.lastUsed === undefined || now - found.lastUsed > TOUCH_EVERY_MS) {
      // Best effort: a failed lastUsed write must not refuse a valid request.
      this.store.saveToken({ ...found, lastUsed: now }).catch(() => undefined);
    }
    const who: Principal = { name: found.name, role: found.role };
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(hash, { who, until: now + CACHE_MS });
    return who;
  }

  /**
   * On first run (no active admin token), create one named `admin` (or `admin-2` …) and return its text once for
   * the caller to print; otherwise undefined.
   */
  async ensureFirstAdmin(): Promise<string | undefined> {
    const all = await this.store.listTokens();
    if (all.some((t) => t.role === 'admin' && t.revoked === undefined)) return undefined;
    const names = new Set(all.map((t) => t.name));
    let name = 'admin';
    for (let i = 2; names.has(name); i++) name = `admin-${i}`;
    return (await this.create(name, 'admin')).token;
  }
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer +(\S+) *$/i.exec(header);
  return m?.[1];
}

/** Whether a path needs a token: everything under /api and /metrics (docs and console files are public). */
export function isProtectedPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return path === '/api' || path.startsWith('/api/') || path === '/metrics';
}

/**
 * onRequest hook: /api routes and /metrics, unless marked `public`, need a valid bearer token (401 otherwise)
 * held by one of the route's roles (403 otherwise); `read_only` never gets past a GET. Unknown URLs fall
 * through to the not-found handler.
 */
export function authHook(tokens: TokenService) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const config = req.routeOptions.config;
    if (config.public === true || req.routeOptions.url === undefined || !isProtectedPath(req.url)) return;
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      void reply.header('WWW-Authenticate', 'Bearer realm="ward"');
      throw new ApiError('unauthorized', 'an API token is required: Authorization: Bearer <token>');
    }
    const who = await tokens.verify(token);
    if (who === undefined) {
      void reply.header('WWW-Authenticate', 'Bearer realm="ward", error="invalid_token"');
      throw new ApiError('unauthorized', 'the API token is not valid or has been revoked');
    }
    const allowed = config.roles ?? ADMIN_ONLY;
    const readOnly = who.role === 'read_only' && req.method !== 'GET' && req.method !== 'HEAD';
    if (readOnly || !allowed.includes(who.role)) {
      throw new ApiError('forbidden', `role ${who.role} may not ${req.method} ${req.routeOptions.url}`);
    }
    req.principal = who;
  };
}

/** The principal of an authenticated request; a route that calls it without auth is a bug. */
export function principalOf(req: FastifyRequest): Principal {
  if (req.principal === undefined) throw new Error(`route ${req.url} needs a principal but has none`);
  return req.principal;
}
