/**
 * The API's stable error codes and the one place that maps them to HTTP. Every error answer has the shape
 * `{ "error": { "code": "…", "message": "…" } }`; messages name parameters and identifiers, never stack traces,
 * record contents or PHI. Clients branch on `code`, which does not change between versions.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Stable error codes and their HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  internal: 500,
  busy: 503,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error a route throws on purpose; the handler answers with its code and message as they are. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Seconds a client should wait before retrying (`Retry-After`), for `busy`. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** zod schema of an error answer, for the OpenAPI document. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
    }),
  })
  .describe('Error answer');

/** Error answers a route may give, keyed by status, for route schemas. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorSchema> {
  const out: Record<number, typeof errorSchema> = {};
  for (const s of statuses) out[s] = errorSchema;
  return out;
}

/** Send `{error:{code,message}}` with the status of `code`. */
export function sendError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  return reply
    .code(ERROR_STATUS[code])
    .type('application/json; charset=utf-8')
    .send({ error: { code, message } });
}

/** Fastify's own client-error codes, turned into ours with a plain message. */
function fromFastify(err: FastifyError): [ErrorCode, string] | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return ['payload_too_large', 'request body is larger than this route accepts'];
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? ['unsupported_media_type', 'this content type is not accepted here']
        : ['bad_request', 'Content-Length does not match the body'];
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return ['bad_request', 'the JSON body is empty'];
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return ['bad_request', 'the body is not valid JSON'];
    default:
      break;
  }
  if (err instanceof SyntaxError) return ['bad_request', 'the body is not valid JSON'];
  const status = err.statusCode ?? 500;
  if (status === 413) return ['payload_too_large', 'request body is too large'];
  if (status === 415) return ['unsupported_media_type', 'this content type is not accepted here'];
  if (status === 404) return ['not_found', 'not found'];
  if (status >= 400 && status < 500) return ['bad_request', 'the request is malformed'];
  return undefined;
}

/** Name the invalid parameters of a validation error (paths and zod's message, never the values sent). */
function validationMessage(err: FastifyError): string {
  const where = err.validationContext ?? 'request';
  const parts = (err.validation ?? []).map((v) => {
    const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    return path ? `${path}: ${v.message ?? 'invalid'}` : (v.message ?? 'invalid');
  });
  return `invalid ${where}${parts.length ? `: ${parts.join('; ')}` : ''}`;
}

/** The app's error handler: known errors keep their code, anything else is `internal` and logged. */
export function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ApiError) {
    if (err.retryAfter !== undefined) void reply.header('Retry-After', String(err.retryAfter));
    return sendError(reply, err.code, err.message);
  }
  if (hasZodFastifySchemaValidationErrors(err) || err.validation !== undefined) {
    return sendError(reply, 'bad_request', validationMessage(err));
  }
  const known = fromFastify(err);
  if (known !== undefined) return sendError(reply, known[0], known[1]);
  // Log what went wrong by code and message only; the answer says nothing about it.
  req.log.error({ code: err.code, msg: err.message, route: req.routeOptions.url }, 'request failed');
  return sendError(reply, 'internal', 'internal error; see the server log');
}

/**
 * Answer a request Node's HTTP parser refused before any route ran (a stalled request, oversized headers, bytes
 * that are not HTTP) in the same error shape, then drop the connection.
 */
export function handleClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['timeout', 'the request did not arrive in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? ['headers_too_large', 'request headers are too large']
        : ['bad_request', 'the request is not valid HTTP'];
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
