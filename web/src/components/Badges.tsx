/** Small labelled chips: severity, status, ATT&CK technique, entity. */
import type { AlertStatus, Severity } from '../types.js';
import { attackUrl, entityKindOf, label } from '../format.js';
import { href } from '../route.js';

/** Severity as text on a coloured chip (colour is never the only cue). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev-${severity}`}>{label(severity)}</span>;
}

/** Triage status chip. */
export function StatusBadge({ status }: { status: AlertStatus }) {
  return <span className={`badge status-${status}`}>{label(status)}</span>;
}

/** ATT&CK technique ids linked to their attack.mitre.org pages. */
export function AttackLinks({ ids }: { ids: readonly string[] }) {
  if (ids.length === 0) return <span className="muted">none</span>;
  return (
    <span className="chips">
      {ids.map((id) => (
        <a key={id} className="chip" href={attackUrl(id)} target="_blank" rel="noreferrer noopener">
          {id}
          <span className="sr-only"> (MITRE ATT&amp;CK, opens in a new tab)</span>
        </a>
      ))}
    </span>
  );
}

/** An entity value, linked to its entity page when it has one. */
export function EntityLink({ kind, value }: { kind: string; value: string }) {
  const page = entityKindOf(kind);
  return page ? (
    <a className="entity" href={href('entities', page, value)}>
      {value}
    </a>
  ) : (
    <span className="entity">{value}</span>
  );
}

/** All entities of an alert as `key: value` chips. */
export function EntityList({ entities }: { entities: Record<string, string> }) {
  const pairs = Object.entries(entities);
  if (pairs.length === 0) return <span className="muted">none</span>;
  return (
    <span className="chips">
      {pairs.map(([k, v]) => (
        <span key={k} className="chip plain">
          <span className="muted">{k}</span> <EntityLink kind={k} value={v} />
        </span>
      ))}
    </span>
  );
}
