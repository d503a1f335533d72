/** Entities: risk scores, contributions, timelines and baselines of users, hosts, devices (filled in by the risk work). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../deps.js';

/** Routes of this module. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- placeholder until the module is filled in
export function entityRoutes(_deps: AppDeps): FastifyPluginAsyncZod {
  return () => Promise.resolve();
}
