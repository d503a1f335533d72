/**
 * Reports: the patient access report (src/report) for privacy officers — every access to one patient's record
 * with who, when, what, its explanation and risk, as JSON, a CSV download or a printable HTML page. The patient
 * is a query parameter (references contain `/`). Each request shows PHI, so it is logged as an access in the
 * decision log (kind `report`: who, which patient reference, when, format, period; no names).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CSV_CONTENT_TYPE,
  HTML_CONTENT_TYPE,
  logReportAccess,
  reportCsv,
  reportFromStore,
  reportHtml,
} from '../../report/index.js';
import type { Role } from '../auth.js';
import { principalOf } from '../auth.js';
import type { AppDeps } from '../deps.js';
import { ApiError, errorResponses } from '../errors.js';
import { BEARER } from '../schemas.js';

/** Who may see a patient access report: it names every person who opened a chart, and the patient. */
export const REPORT_ROLES: readonly Role[] = ['admin', 'privacy_officer'];

/** Formats the report route serves. */
export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;

const rowSchema = z.object({
  time: z.string().describe('ISO 8601 UTC'),
  accessId: z.string().describe('source record id of the access'),
  source: z.string(),
  user: z.string().describe('user as the source names them'),
  userName: z.string().optional(),
  role: z.string().optional(),
  department: z.string().optional(),
  action: z.string().optional(),
  resource: z.string().optional(),
  purpose: z.string().optional().describe('purpose of use, e.g. TREAT, ETREAT (break-glass)'),
  explained: z.boolean(),
  explanation: z.string().optional(),
  explanationKind: z.string().optional(),
  alerts: z.array(z.string()).describe('ids of alerts citing this access'),
  risk: z.number().describe('0-100, the citing alerts combined'),
});

/** The patient access report (API contract). */
export const reportSchema = z.object({
  patient: z.string(),
  patientName: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  summary: z.object({
    accesses: z.number(),
    explained: z.number(),
    users: z.number(),
    flagged: z.number(),
  }),
  rows: z.array(rowSchema).describe('in time order'),
});

const isoTime = z.iso
  .datetime({ offset: true })
  .transform((v) => Date.parse(v))
  .describe('ISO 8601 time with zone, e.g. 2026-03-01T00:00:00Z');

const reportQuery = z
  .object({
    patient: z.string().min(1).max(500).describe('patient as the sources name it, e.g. Patient/123'),
    from: isoTime.optional().describe('inclusive lower bound of access time'),
    to: isoTime.optional().describe('exclusive upper bound of access time'),
    format: z.enum(REPORT_FORMATS).default('json'),
  })
  .strict();

/** The HTML report needs only its own inline styles. */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** A file name from a patient reference and date: `patient-access-Patient_123-2026-04-02.csv`. */
export function reportFileName(patient: string, generatedAt: string, ext: string): string {
  const safe = patient.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
  return `patient-access-${safe}-${generatedAt.slice(0, 10)}.${ext}`;
}

/** Routes of this module. */
export function reportRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return (app) => {
    app.get(
      '/api/reports/patient-access',
      {
        config: { roles: REPORT_ROLES },
        schema: {
          tags: ['reports'],
          summary: 'Every access to one patient with its explanation and risk (admin, privacy_officer)',
          description:
            'format=json gives the report; csv a download (text/csv); html a self-contained printable page. ' +
            'Each request is recorded in the decision log as an access to PHI.',
          security: BEARER,
          querystring: reportQuery,
          produces: ['application/json', 'text/csv', 'text/html'],
          response: {
            200: z.union([reportSchema, z.string().describe('CSV or HTML text')]),
            ...errorResponses(400, 401, 403),
          },
        },
      },
      async (req, reply) => {
        const q = req.query;
        if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
          throw new ApiError('bad_request', 'from must not be later than to');
        }
        const who = principalOf(req);
        const { report, alerts } = await reportFromStore(deps.store, {
          patient: q.patient,
          generatedBy: who.name,
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
          ...(deps.context !== undefined ? { context: deps.context } : {}),
        });
        await logReportAccess(deps.store, report, who.name, q.format);
        // PHI: not for shared caches; the HTML page may style itself but never run or fetch anything.
        reply.header('cache-control', 'no-store');
        switch (q.format) {
          case 'json':
            return report;
          case 'csv':
            return reply
              .type(CSV_CONTENT_TYPE)
              .header(
                'content-disposition',
                `attachment; filename="${reportFileName(report.patient, report.generatedAt, 'csv')}"`,
              )
              .send(reportCsv(report));
          case 'html':
            return reply
              .type(HTML_CONTENT_TYPE)
              .header('content-security-policy', REPORT_CSP)
              .header(
                'content-disposition',
                `inline; filename="${reportFileName(report.patient, report.generatedAt, 'html')}"`,
              )
              .send(reportHtml(report, { alerts }));
        }
      },
    );
    return Promise.resolve();
  };
}
