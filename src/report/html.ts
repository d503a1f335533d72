/**
 * The patient access report as one self-contained HTML page: no scripts, no external fonts, images or styles, so
 * it opens offline, can be mailed or archived, and prints (or becomes a PDF, pdf.ts) as it shows. The page header
 * names the patient, the period, when and by whom it was made and the counts; each access is a table row.
 * Accesses cited by an alert are highlighted and say "flagged" in words, and unexplained ones say so in words,
 * so the page reads right in black and white and to screen readers. Every value is HTML-escaped: names, user ids
 * and resources come from logs.
 */
import type { Alert } from '../model/index.js';
import type { AccessRow, PatientAccessReport } from './patient-access.js';

/** Content type of the HTML answer. */
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Readable on screen, compact on paper: A4 landscape, the table header repeated on each page, rows unbroken. */
const STYLE = `
*{box-sizing:border-box}
body{font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111;margin:24px}
h1{font-size:20px;margin:0 0 4px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 12px}
.meta dt{font-weight:600}.meta dd{margin:0}
.summary{display:flex;gap:24px;margin:8px 0 16px;padding:8px 12px;border:1px solid #999}
.summary b{font-size:16px;display:block}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top;word-break:break-word}
th{background:#eee}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
tr.flagged td{background:#fde2e1}
.unexplained{font-weight:700}
.flag{font-weight:700;display:block}
.risk{text-align:right;white-space:nowrap}
.time{white-space:nowrap}
.note{color:#333;font-size:12px;margin-top:16px}
.empty{padding:16px;border:1px dashed #999}
h2{font-size:16px;margin:20px 0 6px}
.alert{border:1px solid #bbb;padding:6px 10px;margin:0 0 8px;break-inside:avoid;page-break-inside:avoid}
.alert h3{font-size:13px;margin:0 0 4px}
.alert ul{margin:4px 0 0;padding-left:18px}
@page{size:A4 landscape;margin:12mm}
@media print{
  body{margin:0;font-size:10px}
  h1{font-size:16px}
  .summary b{font-size:13px}
  tr.flagged td{background:#fde2e1 !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  th{background:#eee !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

function cell(text: string | undefined, cls?: string): string {
  const c = cls !== undefined ? ` class="${cls}"` : '';
  return `<td${c}>${escapeHtml(text ?? '')}</td>`;
}

function userCell(r: AccessRow): string {
  const name = r.userName !== undefined ? `${escapeHtml(r.userName)}<br>` : '';
  const extra = [r.role, r.department].filter((x): x is string => x !== undefined).join(', ');
  return `<td>${name}<small>${escapeHtml(r.user)}</small>${extra ? `<br><small>${escapeHtml(extra)}</small>` : ''}</td>`;
}

function whatCell(r: AccessRow): string {
  const parts = [r.action, r.resource].filter((x): x is string => x !== undefined);
  const purpose = r.purpose !== undefined ? `<br><small>purpose ${escapeHtml(r.purpose)}</small>` : '';
  return `<td>${escapeHtml(parts.join(' ') || '—')}${purpose}</td>`;
}

function explanationCell(r: AccessRow): string {
  if (r.explained && r.explanation !== undefined) return cell(r.explanation);
  return '<td><span class="unexplained">Unexplained</span>: no care relationship or role found</td>';
}

function alertCell(r: AccessRow): string {
  if (r.alerts.length === 0) return '<td>—</td>';
  return `<td><span class="flag">Flagged</span><small>${escapeHtml(r.alerts.join(', '))}</small></td>`;
}

function row(r: AccessRow): string {
  return (
    `<tr${r.alerts.length > 0 ? ' class="flagged"' : ''}>` +
    cell(r.time.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z'), 'time') +
    userCell(r) +
    whatCell(r) +
    explanationCell(r) +
    alertCell(r) +
    cell(String(r.risk), 'risk') +
    `<td><small>${escapeHtml(r.accessId)}<br>${escapeHtml(r.source)}</small></td>` +
    '</tr>'
  );
}

/** "2026-03-01 to 2026-03-31", open ends said in words. */
export function periodText(report: PatientAccessReport): string {
  const day = (iso: string | undefined): string | undefined =>
    iso?.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  const from = day(report.from) ?? 'the first recorded access';
  const to = day(report.to) ?? 'the last recorded access';
  return `${from} to ${to}`;
}

/** One cited alert: what was found and why, with the accesses it cites. */
function alertBlock(a: Alert): string {
  const reasons = a.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('');
  return (
    `<div class="alert" id="alert-${escapeHtml(a.id)}"><h3>${escapeHtml(a.title)}</h3>` +
    `<small>${escapeHtml(a.id)} · ${escapeHtml(a.detector)} · ${escapeHtml(a.severity)} (score ${a.score}) · ` +
    `${escapeHtml(a.time)} · cites ${escapeHtml(a.events.join(', '))}</small>` +
    (reasons ? `<ul>${reasons}</ul>` : '') +
    '</div>'
  );
}

/** Options of {@link reportHtml}. */
export interface HtmlOptions {
  /** The alerts the rows cite (see `citedAlerts`); listed after the table with their reasons. */
  alerts?: readonly Alert[];
}

/** The report as a complete, printable HTML document. */
export function reportHtml(report: PatientAccessReport, options: HtmlOptions = {}): string {
  const s = report.summary;
  const who =
    report.patientName !== undefined
      ? `${escapeHtml(report.patientName)} (${escapeHtml(report.patient)})`
      : escapeHtml(report.patient);
  const title = `Patient access report: ${report.patient}`;
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    // Even a value that slipped past escaping could not run or fetch anything: inline styles only.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    '<header>',
    '<h1>Patient access report</h1>',
    '<dl class="meta">',
    `<dt>Patient</dt><dd>${who}</dd>`,
    `<dt>Period</dt><dd>${escapeHtml(periodText(report))}</dd>`,
    `<dt>Generated</dt><dd>${escapeHtml(report.generatedAt)} by ${escapeHtml(report.generatedBy)}</dd>`,
    '</dl>',
    '<div class="summary">',
    `<div><b>${s.accesses}</b>accesses</div>`,
    `<div><b>${s.explained}</b>explained</div>`,
    `<div><b>${s.accesses - s.explained}</b>unexplained</div>`,
    `<div><b>${s.users}</b>users</div>`,
    `<div><b>${s.flagged}</b>flagged by alerts</div>`,
    '</div>',
    '</header>',
  ];
  if (report.rows.length === 0) {
    out.push('<p class="empty">No recorded access to this patient in the period.</p>');
  } else {
    out.push(
      '<table><thead><tr>',
      '<th>Time (UTC)</th><th>Who</th><th>What</th><th>Explanation</th><th>Alerts</th><th>Risk</th><th>Record</th>',
      '</tr></thead><tbody>',
    );
    for (const r of report.rows) out.push(row(r));
    out.push('</tbody></table>');
  }
  const alerts = options.alerts ?? [];
  if (alerts.length > 0) {
    out.push(`<h2>Alerts cited (${alerts.length})</h2>`);
    for (const a of alerts) out.push(alertBlock(a));
  }
  out.push(
    '<p class="note">An access is <i>explained</i> when the context shows a reason to treat or serve the patient at that ' +
      'time: a listed care relationship (encounter, care team, ADT visit) or a fitting role (unit staff during the stay, ' +
      'pharmacy, lab or radiology work for the visit, registration around arrival, billing after it). Unexplained does ' +
      'not mean improper: covering colleagues, unlisted consults and IT support are often unexplained. Risk (0–100) ' +
      'combines the scores of the alerts that cite the access.</p>',
    '</body></html>',
  );
  return out.join('\n');
}
