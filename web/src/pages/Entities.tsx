/** Entities: open the page of a user, IP, host, patient or device, or pick one of those named in recent alerts. */
import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { ApiError, listAlerts, topEntities } from '../api.js';
import { SeverityBadge } from '../components/Badges.js';
import { fmtTime } from '../format.js';
import type { EntitySummary } from '../types.js';
import { usePoll } from '../live.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { ENTITY_KINDS, entityKindOf, label } from '../format.js';
import type { EntityKind } from '../format.js';
import { href, navigate } from '../route.js';

/** The riskiest entities; none on a server without the entity routes. */
async function riskiest(): Promise<EntitySummary[]> {
  try {
    return await topEntities(undefined, 20);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

function RiskTable({ rows }: { rows: readonly EntitySummary[] }) {
  return (
    <div className="table-wrap">
      <table className="compact">
        <caption className="sr-only">Entities with the highest risk score</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Risk
            </th>
            <th scope="col">Severity</th>
            <th scope="col">Entity</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Alerts
            </th>
            <th scope="col">Last alert</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.kind}|${r.id}`}>
              <td className="num">
                <strong>{Math.round(r.score)}</strong>
              </td>
              <td>
                <SeverityBadge severity={r.severity} />
              </td>
              <td>
                <a className="entity" href={href('entities', r.kind, r.id)}>
                  {r.id}
                </a>
              </td>
              <td>{label(r.kind)}</td>
              <td className="num">{r.alerts}</td>
              <td>{fmtTime(r.lastAlert)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The entity index page. */
export function Entities() {
  const [kind, setKind] = useState<EntityKind>('user');
  const [value, setValue] = useState('');
  const { data, error, loading } = usePoll(() => listAlerts({ limit: 1000 }), []);
  const top = usePoll(() => riskiest(), []);

  function open(e: SyntheticEvent): void {
    e.preventDefault();
    if (value.trim()) navigate(href('entities', kind, value.trim()));
  }

  const named = new Map<string, { kind: EntityKind; value: string; alerts: number; open: number }>();
  for (const a of data?.items ?? []) {
    for (const [k, v] of Object.entries(a.entities)) {
      const kindOf = entityKindOf(k);
      if (!kindOf) continue;
      const key = `${kindOf}|${v}`;
      const row = named.get(key) ?? { kind: kindOf, value: v, alerts: 0, open: 0 };
      row.alerts++;
      if (a.status !== 'closed') row.open++;
      named.set(key, row);
    }
  }
  const rows = [...named.values()].sort((a, b) => b.open - a.open || b.alerts - a.alerts);

  return (
    <>
      <h1>Entities</h1>
      <form className="filters" onSubmit={open} aria-label="Open an entity">
        <div className="field">
          <label htmlFor="e-kind">Kind</label>
          <select id="e-kind" value={kind} onChange={(e) => setKind(e.target.value as EntityKind)}>
            {ENTITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor="e-value">Identifier</label>
          <input
            id="e-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder="e.g. Practitioner/p123, jdoe, 10.20.3.41"
          />
        </div>
        <button type="submit">Open</button>
      </form>
      {top.data && top.data.length > 0 && (
        <Card title="Highest risk now" wide>
          <RiskTable rows={top.data} />
        </Card>
      )}
      <LoadState error={error} loading={loading} hasData={data !== undefined} />
      {data && (
        <Card title="Named in recent alerts" wide>
          {rows.length === 0 ? (
            <Empty>No alert names an entity yet.</Empty>
          ) : (
            <table className="compact">
              <caption className="sr-only">Entities named in recent alerts</caption>
              <thead>
                <tr>
                  <th scope="col">Entity</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="num">
                    Not closed
                  </th>
                  <th scope="col" className="num">
                    Alerts
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.kind}|${r.value}`}>
                    <td>
                      <a href={href('entities', r.kind, r.value)}>{r.value}</a>
                    </td>
                    <td>{label(r.kind)}</td>
                    <td className="num">{r.open}</td>
                    <td className="num">{r.alerts}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
    </>
  );
}
