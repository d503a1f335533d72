/**
 * The naive baseline for comparison: "alert on every access without a listed relationship" — no Encounter
 * participant and no CareTeam member links the user to the patient, at any time. Alerts are counted once per
 * (user, patient, day). Reads the generated files themselves (not the generator's memory), like any rule would.
 */
import type { TruthRecord } from '../sim/index.js';

/** How the naive rule does on a generated hospital. */
export interface NaiveScore {
  alerts: number;
  matchedAlerts: number;
  precision: number;
  falseAlertsPerDay: number;
  /** Instances with at least one flagged evidence event, per type and overall. */
  recallByType: Record<string, number>;
  recall: number;
}

type J = Record<string, unknown>;

function bare(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

function rows(text: string | undefined): J[] {
  return (text ?? '')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as J);
}

function refOf(v: unknown): string | undefined {
  const r = (v as J | undefined)?.reference;
  return typeof r === 'string' ? bare(r) : undefined;
}

/** Score the naive rule on generated file texts (as `generateSim2` returns them). */
export function naiveRule(
  files: ReadonlyMap<string, string>,
  truth: TruthRecord[],
  days: number,
): NaiveScore {
  const linked = new Set<string>();
  for (const e of rows(files.get('context/Encounter.ndjson'))) {
    const p = refOf(e.subject);
    for (const part of (e.participant as J[] | undefined) ?? []) {
      const u = refOf(part.individual);
      if (p !== undefined && u !== undefined) linked.add(`${u}|${p}`);
    }
  }
  for (const c of rows(files.get('context/CareTeam.ndjson'))) {
    const p = refOf(c.subject);
    for (const part of (c.participant as J[] | undefined) ?? []) {
      const u = refOf(part.member);
      if (p !== undefined && u !== undefined) linked.add(`${u}|${p}`);
    }
  }
  const byLogin = new Map<string, string>();
  for (const pr of rows(files.get('context/Practitioner.ndjson'))) {
    for (const id of (pr.identifier as J[] | undefined) ?? []) byLogin.set(String(id.value), String(pr.id));
  }
  const evidence = new Map<string, TruthRecord>();
  for (const t of truth) for (const id of t.events) evidence.set(id, t);
  const groups = new Map<string, boolean>();
  const hit = new Set<TruthRecord>();
  for (const ev of rows(files.get('logs/audit-events.ndjson'))) {
    const agent = ((ev.agent as J[] | undefined) ?? []).find((a) => a.requestor === true);
    const who = agent?.who as J | undefined;
    const user = refOf(who) ?? byLogin.get(String((who?.identifier as J | undefined)?.value));
    const patient = refOf(((ev.entity as J[] | undefined) ?? [])[0]?.what);
    if (user === undefined || patient === undefined || linked.has(`${user}|${patient}`)) continue;
    const day = String(ev.recorded).slice(0, 10);
    const key = `${user}|${patient}|${day}`;
    const t = evidence.get(String(ev.id));
    if (t) hit.add(t);
    groups.set(key, (groups.get(key) ?? false) || t !== undefined);
  }
  const matched = [...groups.values()].filter(Boolean).length;
  const recallByType: Record<string, number> = {};
  for (const type of new Set(truth.map((t) => t.type))) {
    const xs = truth.filter((t) => t.type === type);
    recallByType[type] = xs.filter((t) => hit.has(t)).length / xs.length;
  }
  return {
    alerts: groups.size,
    matchedAlerts: matched,
    precision: groups.size > 0 ? matched / groups.size : 0,
    falseAlertsPerDay: (groups.size - matched) / days,
    recallByType,
    recall: truth.length > 0 ? hit.size / truth.length : 0,
  };
}
