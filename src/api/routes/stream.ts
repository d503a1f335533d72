/**
 * `GET /api/stream`: live updates for the console as server-sent events (`text/event-stream`). Authenticated with
 * the usual bearer header by the auth hook before the handler runs (so a bad token still gets a JSON 401); the
 * handler then takes the socket over (`reply.hijack()`) and hands it to the app's one {@link StreamHub}. Events:
 * `alert` (a StoredAlert, new or changed), `summary` (totals and event rate, every poll), `: ping` comments.
 * Streams end when the client goes away or the server closes.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ANY_ROLE } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { errorResponses } from '../errors.js';
import { BEARER } from '../schemas.js';
import { STREAM_DEFAULTS, StreamHub } from '../stream-hub.js';
import type { StreamOptions } from '../stream-hub.js';

/** Stream routes; `options` overrides the hub's timing (tests). */
export function streamRoutes(deps: AppDeps, options: Partial<StreamOptions> = {}): FastifyPluginAsyncZod {
  return (app) => {
    const hub = new StreamHub(deps.store, options, (err) =>
      app.log.warn({ msg: err instanceof Error ? err.message : String(err) }, 'live stream poll failed'),
    );
    const maxBuffered = options.maxBuffered ?? STREAM_DEFAULTS.maxBuffered;
    // End the streams before the server waits for open connections to finish, and stop polling.
    app.addHook('preClose', (done) => {
      hub.close();
      done();
    });
    app.addHook('onClose', (_instance, done) => {
      hub.close();
      done();
    });

    app.get(
      '/api/stream',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['stream'],
          summary: 'Live updates as server-sent events',
          description:
            'text/event-stream. `event: alert` data = a stored alert (new, or its triage changed); `event: summary` ' +
            'data = {events, alerts, deadLetters, eventsPerSecond} about every 2 s; `: ping` comments every 15 s. ' +
            'Send the bearer header (read it with fetch and a ReadableStream; EventSource cannot send headers).',
          security: BEARER,
          response: errorResponses(401, 403),
        },
      },
      (_req, reply) => {
        void reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          // Ask reverse proxies (nginx) not to buffer the stream.
          'x-accel-buffering': 'no',
        });
        res.write('retry: 5000\n\n');
        const unsubscribe = hub.subscribe({
          send: (chunk) => {
            if (res.destroyed || res.writableEnded) return false;
            // A client that does not read: drop it instead of buffering without bound.
            if (res.writableLength > maxBuffered) return false;
            res.write(chunk);
            return true;
          },
          close: () => {
            // A client with unsent bytes is not reading: cut it; otherwise end the stream, then the connection.
            if (res.writableLength > 0 || res.writableEnded) res.destroy();
            else res.end(() => res.destroy());
          },
        });
        res.on('close', unsubscribe);
      },
    );
    return Promise.resolve();
  };
}
