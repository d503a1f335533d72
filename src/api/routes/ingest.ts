/**
 * `POST /api/ingest`: live records over HTTP into the same pipeline as `ward analyze`. Bodies:
 * `application/x-ndjson` or `text/plain` (one record per line; blank lines skipped), or `application/json` /
 * `application/fhir+json` (one JSON document — a FHIR AuditEvent, a Bundle — as one record). The answer comes
 * once the records are durable. Over capacity it is 503 `busy` with Retry-After; the client resends, and the
 * pipeline recognises resent source ids.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatById } from '../../ingest/registry.js';
import { BusyError } from '../../live/ingest.js';
import { ACTING_ROLES } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { ApiError, errorResponses } from '../errors.js';
import { BEARER } from '../schemas.js';

const LINE_TYPES = ['application/x-ndjson', 'text/plain'];
const JSON_TYPES = ['application/json', 'application/fhir+json'];

const query = z
  .object({
    source: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,99}$/, 'letters, digits or . _ : @ / -, up to 100')
      .default('http')
      .describe('stable input name, used in source ids and duplicate detection'),
    format: z.string().min(1).max(50).optional().describe('format id (e.g. syslog, zeek); absent = sniff'),
  })
  .strict();

const resultSchema = z.object({
  records: z.number().describe('records in the body'),
  accepted: z.number(),
  duplicates: z.number().describe('records already stored (resends), not counted again'),
  rejected: z.number().describe('records sent to dead letters'),
});

/** The records of a body by its media type; malformed JSON is a 400. */
export function recordsOf(mediaType: string, body: string): string[] {
  if (JSON_TYPES.includes(mediaType)) {
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch {
      throw new ApiError('bad_request', 'the body is not valid JSON');
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      throw new ApiError('bad_request', 'the JSON body must be one object (a FHIR resource or a record)');
    }
    if (
      mediaType === 'application/fhir+json' &&
      typeof (doc as { resourceType?: unknown }).resourceType !== 'string'
    ) {
      throw new ApiError('bad_request', 'a FHIR body needs a resourceType');
    }
    // One line, so line-oriented parsers see the whole document as one record.
    return [JSON.stringify(doc)];
  }
  const records: string[] = [];
  for (const line of body.split('\n')) {
    const r = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (r.trim().length > 0) records.push(r);
  }
  return records;
}

/** Ingest route, in its own scope so its body parsers and limit apply to it alone. */
export function ingestRoutes(deps: AppDeps, bodyLimit: number): FastifyPluginAsyncZod {
  return (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      [...LINE_TYPES, ...JSON_TYPES],
      { parseAs: 'string', bodyLimit },
      (_req, body, done) => done(null, body),
    );

    app.post(
      '/api/ingest',
      {
        config: { roles: ACTING_ROLES },
        bodyLimit,
        schema: {
          tags: ['ingest'],
          summary: 'Submit records (ndjson / text lines, or one FHIR AuditEvent or Bundle)',
          security: BEARER,
          consumes: [...LINE_TYPES, ...JSON_TYPES],
          querystring: query,
          response: { 200: resultSchema, ...errorResponses(400, 401, 403, 413, 415, 503) },
        },
      },
      async (req) => {
        const live = deps.live;
        if (live === undefined)
          throw new ApiError('unavailable', 'live ingest is not running on this server');
        const { source, format } = req.query;
        if (format !== undefined && formatById(format) === undefined) {
          throw new ApiError('bad_request', `unknown format ${format}`);
        }
        const mediaType = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
        const body = typeof req.body === 'string' ? req.body : '';
        const records = recordsOf(mediaType, body);
        if (records.length === 0) throw new ApiError('bad_request', 'the body holds no records');
        try {
          const result = await live.submit({ source, records, ...(format !== undefined ? { format } : {}) });
          return { records: records.length, ...result };
        } catch (err) {
          if (err instanceof BusyError) {
            throw new ApiError('busy', err.message, Math.max(1, Math.ceil(err.retryAfterMs / 1000)));
          }
          throw err;
        }
      },
    );
    return Promise.resolve();
  };
}
