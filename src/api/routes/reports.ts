/** Reports: the patient access report (filled in by the report work). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';

/** Routes of this module. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- placeholder until the module is filled in
export function reportRoutes(_deps: AppDeps): FastifyPluginAsyncZod {
  return () => Promise.resolve();
}
