/** The run summary printed at the end of `ward analyze`: plain text tables a person can read. */
import type { RunSummary } from '../pipeline.js';

function table(title: string, counts: Record<string, number>, empty: string): string[] {
  const rows = Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (rows.length === 0) return [`${title}: ${empty}`];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    `${title}:`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v.toLocaleString('en-US').padStart(10)}`),
  ];
}

/** Reasons that mark a deliberate skip rather than a failure. */
const SKIP_REASONS = new Set(['unsupported_type']);

/** Files listed one by one before the list is cut. */
const MAX_FILES_LISTED = 25;

/** Format a run summary for the terminal. */
export function formatSummary(s: RunSummary, outPath: string): string {
  const secs = Math.max(s.elapsedMs, 1) / 1000;
  // Deliberate skips (record types Ward does not use) are kept apart from failures.
  const skipped: Record<string, number> = {};
  const failed: Record<string, number> = {};
  for (const [reason, n] of Object.entries(s.rejectedByReason)) {
    if (SKIP_REASONS.has(reason)) skipped[reason] = n;
    else failed[reason] = n;
  }
  const rejected = Object.values(failed).reduce((a, b) => a + b, 0);
  const shown = s.files.slice(0, MAX_FILES_LISTED);
  const lines = [
    `Analyzed ${s.files.length} file(s): ${s.events.toLocaleString('en-US')} events in ${secs.toFixed(1)} s ` +
      `(${Math.round(s.events / secs).toLocaleString('en-US')} events/s)${s.resumed ? ', resumed from checkpoint' : ''}`,
    ...shown.map(
      (f) =>
        `  ${f.path}  [${f.format}]  ${f.events.toLocaleString('en-US')} events` +
        (f.context ? `, ${f.context.toLocaleString('en-US')} context` : '') +
        (f.rejected ? `, ${f.rejected.toLocaleString('en-US')} rejected` : ''),
    ),
    ...(s.files.length > shown.length ? [`  … and ${s.files.length - shown.length} more file(s)`] : []),
    ...table('Events by class', s.eventsByClass, 'none'),
    ...table('Context by kind', s.contextByKind, 'none'),
    ...table(
      `Rejected by reason (${rejected.toLocaleString('en-US')}, kept as dead letters)`,
      failed,
      'none',
    ),
    ...(Object.keys(skipped).length > 0
      ? table('Skipped by design (record types Ward does not use; kept as dead letters)', skipped, 'none')
      : []),
    ...table(`Alerts by category (${s.alerts} written to ${outPath})`, s.alertsByCategory, 'none'),
  ];
  if (s.lateEvents > 0)
    lines.push(`Out-of-order events (processed, counted): ${s.lateEvents.toLocaleString('en-US')}`);
  if (s.missing.length > 0) lines.push(`Not found or unreadable: ${s.missing.join(', ')}`);
  return lines.join('\n');
}
