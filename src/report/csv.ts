/**
 * The patient access report as CSV (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or
 * line break quoted with quotes doubled), one header row and one row per access. Spreadsheets run a cell that
 * starts with `=`, `+`, `-`, `@`, tab or carriage return as a formula, and user names, resources and purposes
 * come from logs anyone can write into — so such cells get a leading apostrophe (OWASP "CSV injection").
 * https://www.rfc-editor.org/rfc/rfc4180
 */
import type { AccessRow, PatientAccessReport } from './patient-access.js';

/** Content type of the CSV answer. */
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

/** Columns, in order, with the row field each shows. */
const COLUMNS: readonly [string, (r: AccessRow, patient: string) => string][] = [
  ['time', (r) => r.time],
  ['patient', (_r, p) => p],
  ['access_id', (r) => r.accessId],
  ['source', (r) => r.source],
  ['user', (r) => r.user],
  ['user_name', (r) => r.userName ?? ''],
  ['role', (r) => r.role ?? ''],
  ['department', (r) => r.department ?? ''],
  ['action', (r) => r.action ?? ''],
  ['resource', (r) => r.resource ?? ''],
  ['purpose', (r) => r.purpose ?? ''],
  ['explained', (r) => (r.explained ? 'yes' : 'no')],
  ['explanation', (r) => r.explanation ?? ''],
  ['explanation_kind', (r) => r.explanationKind ?? ''],
  ['alerts', (r) => r.alerts.join(' ')],
  ['risk', (r) => String(r.risk)],
];

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: formula-looking text defused with a leading apostrophe, then quoted when needed. */
export function csvCell(value: string): string {
  const v = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Options of {@link reportCsv}. */
export interface CsvOptions {
  /** Start with a UTF-8 byte order mark so spreadsheet programs read names with accents right; default true. */
  bom?: boolean;
}

/** The report as CSV text: header row, then one row per access in time order. */
export function reportCsv(report: PatientAccessReport, options: CsvOptions = {}): string {
  const lines: string[] = [COLUMNS.map(([name]) => name).join(',')];
  for (const r of report.rows)
    lines.push(COLUMNS.map(([, get]) => csvCell(get(r, report.patient))).join(','));
  return (options.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}
