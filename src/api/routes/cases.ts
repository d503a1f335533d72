/**
 * Privacy cases: EHR privacy alerts grouped per user and patient, scored, with analyst decisions (src/cases,
 * docs/cases.md). Identifiers travel in the query string (they contain `/`). Patient names are initials unless
 * the role sees patient data; deciding a case is for privacy officers and admins, and records who and why.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CASE_STATUSES,
  CASE_VERDICTS,
  caseDecisionOf,
  caseNames,
  decideCase,
  loadCase,
  loadCases,
} from '../../cases/index.js';
import type { Case } from '../../cases/index.js';
import { SEVERITIES } from '../../model/index.js';
import { ANY_ROLE, principalOf } from '../auth.js';
import type { Role } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { ApiError, errorResponses } from '../errors.js';
import { initial, seesPatientNames } from '../mask.js';
import { BEARER, pageSchema, pagingQuery, storedAlertSchema } from '../schemas.js';

/** Roles that may decide a case. */
export const DECIDING_ROLES: readonly Role[] = ['admin', 'privacy_officer'];

const decisionSchema = z.object({
  verdict: z.enum(CASE_VERDICTS),
  actor: z.string().describe('name of the token that decided'),
  reason: z.string(),
  time: z.string().describe('ISO 8601 UTC'),
});

/** A privacy case as the API gives it. */
export const caseSchema = z
  .object({
    id: z.string().describe('stable id of the (user, patient) pair'),
    user: z.string(),
    userName: z.string().optional(),
    patient: z.string().optional().describe('absent for bulk cases'),
    patientName: z.string().optional().describe('initials unless the role sees patient data'),
    score: z.number().describe('0-100: noisy-OR of the alert scores, raised for repeat offenders'),
    severity: z.enum(SEVERITIES),
    status: z.enum(CASE_STATUSES),
    detectors: z.array(z.string()),
    alerts: z.array(z.string()).describe('alert ids counted in the score, newest first'),
    suppressedAlerts: z.array(z.string()).describe('alert ids a legitimate decision suppressed'),
    firstSeen: z.string(),
    lastSeen: z.string(),
    accesses: z.number().describe('distinct evidence ids'),
    reasons: z.array(z.string()).describe('strongest first, at most 8'),
    history: z
      .object({ cases: z.number(), confirmed: z.number(), legitimate: z.number() })
      .describe("the same user's other cases"),
    decision: decisionSchema.optional().describe('latest decision'),
  })
  .describe('Privacy case');

const caseDetailSchema = caseSchema.extend({
  alertDetails: z
    .array(storedAlertSchema)
    .describe('every alert of the case, suppressed ones included, newest first'),
  decisions: z.array(decisionSchema).describe('every decision on the case, oldest first'),
  otherCases: z.array(caseSchema).describe("the same user's other cases"),
});

const listQuery = z
  .object({
    status: z.enum(CASE_STATUSES).optional(),
    user: z.string().min(1).max(500).optional(),
    patient: z.string().min(1).max(500).optional(),
    minScore: z.coerce.number().min(0).max(100).optional(),
    ...pagingQuery,
  })
  .strict();

const oneQuery = z.object({ id: z.string().min(1).max(100) }).strict();

const decisionBody = z
  .object({
    id: z.string().min(1).max(100),
    verdict: z.enum(CASE_VERDICTS),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();

/** A case with the patient's name reduced to initials unless the role may see it. */
function forRole(c: Case, role: Role): Case {
  if (c.patientName === undefined || seesPatientNames(role)) return c;
  return { ...c, patientName: c.patientName.split(/\s+/).map(initial).join(' ') };
}

/** Case routes. */
export function caseRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const { store } = deps;
  const names = () => caseNames(store, deps.context);

  return (app) => {
    app.get(
      '/api/cases',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['cases'],
          summary: 'List privacy cases, highest score first, then latest activity',
          security: BEARER,
          querystring: listQuery,
          response: { 200: pageSchema(caseSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const role = principalOf(req).role;
        const all = await loadCases(store, {
          names: await names(),
          ...(q.user !== undefined ? { user: q.user } : {}),
        });
        const hits = all.filter(
          (c) =>
            (q.status === undefined || c.status === q.status) &&
            (q.patient === undefined || c.patient === q.patient) &&
            (q.minScore === undefined || c.score >= q.minScore),
        );
        return {
          total: hits.length,
          items: hits.slice(q.offset, q.offset + q.limit).map((c) => forRole(c, role)),
        };
      },
    );

    app.get(
      '/api/cases/one',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['cases'],
          summary: "One case with its alerts, its decisions and the user's other cases",
          security: BEARER,
          querystring: oneQuery,
          response: { 200: caseDetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const role = principalOf(req).role;
        const detail = await loadCase(store, req.query.id, await names());
        if (detail === undefined) throw new ApiError('not_found', `no case with id ${req.query.id}`);
        return {
          ...forRole(detail.case, role),
          alertDetails: detail.alerts,
          decisions: detail.decisions
            .filter((d) => (CASE_VERDICTS as readonly string[]).includes(d.verdict))
            .map(caseDecisionOf),
          otherCases: detail.otherCases.map((c) => forRole(c, role)),
        };
      },
    );

    app.post(
      '/api/cases/decision',
      {
        config: { roles: DECIDING_ROLES },
        schema: {
          tags: ['cases'],
          summary:
            'Decide a case: legitimate (suppresses similar alarms) or confirmed (raises the user’s cases)',
          description:
            'Records the decision with who and why, closes the case’s open alerts with a comment naming it; a ' +
            'legitimate decision suppresses new alerts of the same user and patient from the same detectors for ' +
            '180 days (bulk cases: same user and detector, 30 days).',
          security: BEARER,
          body: decisionBody,
          response: { 200: caseSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const who = principalOf(req);
        const { id, verdict, reason } = req.body;
        const decided = await decideCase(store, {
          id,
          verdict,
          reason,
          actor: who.name,
          names: await names(),
        });
        if (decided === undefined) throw new ApiError('not_found', `no case with id ${id}`);
        return forRole(decided, who.role);
      },
    );
    return Promise.resolve();
  };
}
