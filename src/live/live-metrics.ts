/** Counters of the live pipeline and their Prometheus text exposition (format 0.0.4). */

/** Counters the live pipeline keeps; read them any time. */
export interface LiveCounters {
  /** Events accepted, by source. */
  eventsIn: Map<string, number>;
  /** Records sent to dead letters, by reason. */
  rejected: Map<string, number>;
  duplicates: number;
  /** Alerts emitted, by category. */
  alerts: Map<string, number>;
}

/** Fresh, zeroed counters. */
export function emptyCounters(): LiveCounters {
  return { eventsIn: new Map(), rejected: new Map(), duplicates: 0, alerts: new Map() };
}

/** Add `n` to the counter under `key`. */
export function bump(m: Map<string, number>, key: string, n = 1): void {
  m.set(key, (m.get(key) ?? 0) + n);
}

/** A label value escaped as the text format asks (backslash, quote, newline). */
function label(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function family(out: string[], name: string, type: string, help: string): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function byLabel(out: string[], name: string, key: string, m: Map<string, number>): void {
  for (const [k, v] of [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out.push(`${name}{${key}="${label(k)}"} ${v}`);
  }
}

/** Gauges sampled when metrics are read. */
export interface LiveGauges {
  queueRecords: number;
  /** Wall clock minus the detection watermark, seconds; undefined before the first event. */
  lagSeconds: number | undefined;
}

/** Prometheus text lines for the counters and gauges, ending with a newline. */
export function prometheusText(c: LiveCounters, g: LiveGauges): string {
  const out: string[] = [];
  family(out, 'ward_events_in_total', 'counter', 'Events accepted by the live pipeline, by source.');
  byLabel(out, 'ward_events_in_total', 'source', c.eventsIn);
  family(out, 'ward_events_rejected_total', 'counter', 'Records sent to dead letters, by reason.');
  byLabel(out, 'ward_events_rejected_total', 'reason', c.rejected);
  family(out, 'ward_duplicates_total', 'counter', 'Records whose source id was already stored (resends).');
  out.push(`ward_duplicates_total ${c.duplicates}`);
  family(out, 'ward_alerts_total', 'counter', 'Alerts emitted, by category.');
  byLabel(out, 'ward_alerts_total', 'category', c.alerts);
  family(out, 'ward_ingest_queue_records', 'gauge', 'Records waiting in the live ingest queue.');
  out.push(`ward_ingest_queue_records ${g.queueRecords}`);
  family(out, 'ward_detection_lag_seconds', 'gauge', 'Wall clock minus the latest event time detected on.');
  if (g.lagSeconds !== undefined) out.push(`ward_detection_lag_seconds ${g.lagSeconds.toFixed(3)}`);
  return out.join('\n') + '\n';
}
