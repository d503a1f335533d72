/** Live updates for the console as server-sent events (filled in by the stream work). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';

/** Routes of this module. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- placeholder until the module is filled in
export function streamRoutes(_deps: AppDeps): FastifyPluginAsyncZod {
  return () => Promise.resolve();
}
