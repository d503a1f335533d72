/** Privacy cases: EHR privacy alerts grouped per user and patient, scored, with analyst decisions (filled in by the cases work). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';

/** Routes of this module. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- placeholder until the module is filled in
export function caseRoutes(_deps: AppDeps): FastifyPluginAsyncZod {
  return () => Promise.resolve();
}
