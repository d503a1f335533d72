/** Privacy cases: the EHR privacy alerts, grouped by staff member and by patient, for a privacy officer's review. */
import { MAX_PAGE, listAlerts } from '../api.js';
import { usePoll } from '../live.js';
import { SeverityBadge } from '../components/Badges.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { LiveNote } from './Overview.js';
import { fmtTime, plural } from '../format.js';
import { href } from '../route.js';
import { SEVERITY_ORDER } from '../types.js';
import type { StoredAlert } from '../types.js';

interface Case {
  key: string;
  alerts: StoredAlert[];
  others: Set<string>;
}

function group(alerts: readonly StoredAlert[], by: string, other: string): Case[] {
  const cases = new Map<string, Case>();
  for (const a of alerts) {
    const key = a.entities[by];
    if (!key) continue;
    const c = cases.get(key) ?? { key, alerts: [], others: new Set<string>() };
    c.alerts.push(a);
    const o = a.entities[other];
    if (o) c.others.add(o);
    cases.set(key, c);
  }
  const worst = (c: Case): number => Math.max(...c.alerts.map((a) => SEVERITY_ORDER.indexOf(a.severity)));
  return [...cases.values()].sort((x, y) => worst(y) - worst(x) || y.alerts.length - x.alerts.length);
}

/** The privacy cases page; shows only what the ehr_privacy alerts say. */
export function PrivacyCases() {
  const { data, error, loading, updatedAt } = usePoll(
    () => listAlerts({ category: 'ehr_privacy', limit: MAX_PAGE }),
    [],
  );
  const alerts = data?.items ?? [];
  return (
    <>
      <div className="page-head">
        <h1>Privacy cases</h1>
        <LiveNote updatedAt={updatedAt} />
      </div>
      <p className="lead">EHR privacy alerts, gathered per staff member and per patient.</p>
      <LoadState error={error} loading={loading} hasData={data !== undefined} />
      {data && alerts.length === 0 && (
        <Empty>No EHR privacy alerts yet. They appear here when Ward finds accesses to review.</Empty>
      )}
      {alerts.length > 0 && (
        <div className="grid">
          <Card title="By staff member">
            <CaseList
              cases={group(alerts, 'user', 'patient')}
              kind="user"
              otherName={['patient', 'patients']}
            />
          </Card>
          <Card title="By patient">
            <CaseList
              cases={group(alerts, 'patient', 'user')}
              kind="patient"
              otherName={['staff member', 'staff members']}
            />
          </Card>
        </div>
      )}
    </>
  );
}

function CaseList(props: { cases: Case[]; kind: string; otherName: readonly [string, string] }) {
  const { cases, kind, otherName } = props;
  if (cases.length === 0) return <Empty>No alert names a {kind}.</Empty>;
  return (
    <ul className="cases">
      {cases.map((c) => (
        <li key={c.key}>
          <details>
            <summary>
              <a href={href('entities', kind, c.key)}>{c.key}</a> · {plural(c.alerts.length, 'alert')} ·{' '}
              {plural(c.others.size, otherName[0], otherName[1])}
            </summary>
            <ul>
              {c.alerts.map((a) => (
                <li key={a.id}>
                  <SeverityBadge severity={a.severity} /> <a href={href('alerts', a.id)}>{a.title}</a>{' '}
                  <span className="muted small">{fmtTime(a.time)}</span>
                  <div className="small">{a.reasons[0]}</div>
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ul>
  );
}
