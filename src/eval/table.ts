/** The evaluation table printed by `ward eval`: one row per scenario type, then the totals. */
import type { EvalReport } from './run.js';

function pct(x: number | null): string {
  return x === null ? '—' : x.toFixed(2);
}

/** A delay as `42s`, `17m` or `3.5h`. */
export function formatDelay(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  return `${(ms / 3_600_000).toFixed(1)}h`;
}

/** Render the report for a terminal. */
export function formatEvalTable(r: EvalReport): string {
  const head = ['scenario', 'family', 'n', 'found', 'recall', 'precision', 'false/day', 'delay', 'note'];
  const rows = r.byType.map((t) => [
    t.type,
    t.family,
    String(t.instances),
    String(t.detected),
    pct(t.recall),
    pct(t.precision),
    t.falseAlertsPerDay.toFixed(1),
    formatDelay(t.medianDelayMs),
    t.missingDetectors.length === t.detectors.length
      ? 'no detector yet'
      : t.missingDetectors.length > 0
        ? `not yet: ${t.missingDetectors.join(', ')}`
        : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i >= 2 && i <= 7 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [
    `ward eval: seed ${r.options.seed}, ${r.options.staff} staff, ${r.options.patients} patients, ${r.options.days} days — ${r.events.toLocaleString('en-US')} events, ${r.rejected} rejected`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `instances found: ${r.detected}/${r.instances}   alerts: ${r.alerts} (${r.matchedAlerts} matched)   false alerts/day: ${r.falseAlertsPerDay.toFixed(1)}`,
  ];
  out.push('by family:');
  for (const f of r.byFamily)
    out.push(
      `  ${f.family.padEnd(14)} recall ${pct(f.recall)} (${f.detected}/${f.instances})  precision ${pct(f.precision)}  false/day ${f.falseAlertsPerDay.toFixed(1)}`,
    );
  if (r.byDetector.length > 0) {
    out.push('by detector:');
    for (const d of r.byDetector)
      out.push(
        `  ${d.detector.padEnd(32)} ${String(d.alerts).padStart(5)} alerts, ${String(d.matched).padStart(5)} matched, ${d.falseAlertsPerDay.toFixed(1)} false/day`,
      );
  }
  if (r.unread.length > 0) out.push(`not read (no parser yet): ${r.unread.join(', ')}`);
  out.push(`(${(r.elapsedMs / 1000).toFixed(1)} s)`);
  return out.join('\n');
}
