/**
 * Fastify factory options for the Ward server: timeouts against slow clients, body limits, log redaction and
 * optional TLS. Kept apart from the routes so `ward start` and tests share one set of numbers.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyServerOptions } from 'fastify';

/** Limits of the HTTP server. Times in ms, sizes in bytes. */
export const SERVER_LIMITS = Object.freeze({
  /** A socket idle this long is closed (slow or stalled clients). */
  connectionTimeout: 60_000,
  /** The whole request (headers and body) must arrive within this (slowloris-style trickling). */
  requestTimeout: 60_000,
  /** Request headers must arrive within this. */
  headersTimeout: 30_000,
  /** How often Node checks the two timeouts above (its default, 30 s, would let a stalled request linger). */
  connectionsCheckingInterval: 5_000,
  /** Idle keep-alive connections are closed after this. */
  keepAliveTimeout: 10_000,
  /** Largest body of an ordinary route (alert actions, token creation). */
  bodyLimit: 1024 * 1024,
  /** Largest body of `POST /api/ingest`. */
  ingestBodyLimit: 10 * 1024 * 1024,
  /** Longest path parameter (alert id, token name); longer ones get 404. */
  maxParamLength: 500,
});

/** Server limits, overridable per deployment or test. */
export type ServerLimits = Record<keyof typeof SERVER_LIMITS, number>;

/** Request fields the log may show: method, path without the query (search text can name a person), client. */
function requestForLog(req: {
  method: string;
  url: string;
  ip?: string;
}): Record<string, string | undefined> {
  return { method: req.method, path: req.url.split('?', 1)[0], remoteAddress: req.ip };
}

/** Logger options: the given level, with credentials redacted and bodies and queries never logged. */
export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'headers.authorization'],
      censor: '[redacted]',
    },
    serializers: { req: requestForLog },
  };
}

/** TLS material for Fastify's `https` option. */
export interface TlsOptions {
  cert: Buffer;
  key: Buffer;
}

/** Read a PEM certificate (chain) and private key for HTTPS; an unreadable file is named in the error. */
export async function tlsOptions(certFile: string, keyFile: string): Promise<TlsOptions> {
  const load = async (file: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot read TLS ${what} ${file}: ${why}`, { cause: err });
    }
  };
  return { cert: await load(certFile, 'certificate'), key: await load(keyFile, 'key') };
}
