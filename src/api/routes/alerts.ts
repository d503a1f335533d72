/**
 * Alerts: list with filters, one alert with its evidence events, and triage (acknowledge, assign, close with a
 * verdict). Each triage action is recorded with the acting token's name in the alert's history.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_CATEGORIES, SEVERITIES } from '../../model/index.js';
import type { WardEvent } from '../../model/index.js';
import { ALERT_STATUSES } from '../../store/index.js';
import type { AlertQuery, AlertUpdate, Store, StoredAlert } from '../../store/index.js';
import { ACTING_ROLES, ANY_ROLE, principalOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { ApiError, errorResponses } from '../errors.js';
import { maskEvent, seesPatientNames } from '../mask.js';
import { BEARER, eventSchema, pageSchema, pagingQuery, storedAlertSchema } from '../schemas.js';

/** Analyst conclusions a closed alert can carry. */
export const VERDICTS = ['true_positive', 'false_positive', 'benign', 'duplicate'] as const;

/** Evidence events looked up per alert; the contract lists a handful, this bounds a pathological one. */
const MAX_EVIDENCE = 50;

const historyEntrySchema = z.object({
  time: z.string(),
  by: z.string().describe('name of the token that acted'),
  action: z.enum(['acknowledge', 'assign', 'close']),
  assignee: z.string().optional(),
  verdict: z.string().optional(),
  comment: z.string().optional(),
});
type HistoryEntry = z.infer<typeof historyEntrySchema>;

const alertDetailSchema = z.object({
  alert: storedAlertSchema,
  evidence: z.array(eventSchema).describe('evidence events found in the store, in event-time order'),
  missing: z.array(z.string()).describe('evidence ids not (or no longer) in the store'),
  history: z.array(historyEntrySchema).describe('triage actions, oldest first'),
});

const listQuery = z
  .object({
    category: z.enum(ALERT_CATEGORIES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    status: z.enum(ALERT_STATUSES).optional(),
    ...pagingQuery,
  })
  .strict();

const idParams = z.object({ id: z.string().min(1).max(500) });
const assignBody = z.object({ assignee: z.string().min(1).max(200) }).strict();
const closeBody = z.object({ verdict: z.enum(VERDICTS), comment: z.string().max(4000).optional() }).strict();

const historyKey = (id: string): string => `alert-history/${id}`;

async function loadHistory(store: Store, id: string): Promise<HistoryEntry[]> {
  const h = await store.loadCheckpoint(historyKey(id));
  return Array.isArray(h) ? (h as HistoryEntry[]) : [];
}

/** The alert's evidence events by source record id. The store has no id index, so each id is a text search. */
async function evidenceOf(
  store: Store,
  alert: StoredAlert,
): Promise<{ found: WardEvent[]; missing: string[] }> {
  const ids = alert.events.slice(0, MAX_EVIDENCE);
  const found: WardEvent[] = [];
  const missing: string[] = [];
  const upTo = Date.parse(alert.time);
  for (const id of ids) {
    const page = await store.searchEvents({
      text: id,
      // Evidence is at or before the event that completed the detection.
      ...(Number.isFinite(upTo) ? { to: upTo + 1 } : {}),
      limit: 1000,
    });
    const hits = page.items.filter((e) => e.id === id);
    if (hits.length === 0) missing.push(id);
    else found.push(...hits);
  }
  found.sort((a, b) => a.time - b.time);
  return { found, missing };
}

/** Alert routes. */
export function alertRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const { store } = deps;

  async function act(
    id: string,
    by: string,
    update: AlertUpdate,
    entry: Omit<HistoryEntry, 'time' | 'by'>,
  ): Promise<StoredAlert> {
    if (!(await store.updateAlert(id, update))) throw new ApiError('not_found', `no alert with id ${id}`);
    const history = await loadHistory(store, id);
    history.push({ time: new Date().toISOString(), by, ...entry });
    await store.saveCheckpoint(historyKey(id), history);
    const alert = await store.getAlert(id);
    if (alert === undefined) throw new ApiError('not_found', `no alert with id ${id}`);
    return alert;
  }

  async function existing(id: string): Promise<StoredAlert> {
    const alert = await store.getAlert(id);
    if (alert === undefined) throw new ApiError('not_found', `no alert with id ${id}`);
    return alert;
  }

  const actionSchema = {
    tags: ['alerts'],
    security: BEARER,
    params: idParams,
    response: { 200: storedAlertSchema, ...errorResponses(400, 401, 403, 404, 409) },
  };

  return (app) => {
    app.get(
      '/api/alerts',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['alerts'],
          summary: 'List alerts, newest first',
          security: BEARER,
          querystring: listQuery,
          response: { 200: pageSchema(storedAlertSchema), ...errorResponses(400, 401, 403) },
        },
      },
      async (req) => {
        const q = req.query;
        const query: AlertQuery = { limit: q.limit, offset: q.offset };
        if (q.category !== undefined) query.category = q.category;
        if (q.severity !== undefined) query.severity = q.severity;
        if (q.status !== undefined) query.status = q.status;
        return store.listAlerts(query);
      },
    );

    app.get(
      '/api/alerts/:id',
      {
        config: { roles: ANY_ROLE },
        schema: {
          tags: ['alerts'],
          summary: 'One alert with its evidence events and triage history',
          security: BEARER,
          params: idParams,
          response: { 200: alertDetailSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const alert = await existing(req.params.id);
        const { found, missing } = await evidenceOf(store, alert);
        const evidence = seesPatientNames(principalOf(req).role) ? found : found.map(maskEvent);
        return { alert, evidence, missing, history: await loadHistory(store, alert.id) };
      },
    );

    app.post(
      '/api/alerts/:id/ack',
      {
        config: { roles: ACTING_ROLES },
        schema: { ...actionSchema, summary: 'Acknowledge an open alert (assigns it to you when unassigned)' },
      },
      async (req) => {
        const alert = await existing(req.params.id);
        if (alert.status === 'closed') throw new ApiError('conflict', `alert ${alert.id} is already closed`);
        const by = principalOf(req).name;
        const update: AlertUpdate = { status: 'acknowledged' };
        if (alert.assignee === undefined) update.assignee = by;
        return act(alert.id, by, update, { action: 'acknowledge', assignee: alert.assignee ?? by });
      },
    );

    app.post(
      '/api/alerts/:id/assign',
      {
        config: { roles: ACTING_ROLES },
        schema: { ...actionSchema, summary: 'Assign an alert to someone', body: assignBody },
      },
      async (req) => {
        const alert = await existing(req.params.id);
        const { assignee } = req.body;
        return act(alert.id, principalOf(req).name, { assignee }, { action: 'assign', assignee });
      },
    );

    app.post(
      '/api/alerts/:id/close',
      {
        config: { roles: ACTING_ROLES },
        schema: {
          ...actionSchema,
          summary: 'Close an alert with a verdict and an optional comment',
          body: closeBody,
        },
      },
      async (req) => {
        const alert = await existing(req.params.id);
        const { verdict, comment } = req.body;
        const update: AlertUpdate = { status: 'closed', verdict, comment: comment ?? null };
        const entry: Omit<HistoryEntry, 'time' | 'by'> = { action: 'close', verdict };
        if (comment !== undefined) entry.comment = comment;
        return act(alert.id, principalOf(req).name, update, entry);
      },
    );
    return Promise.resolve();
  };
}
