/** Overview: live counters, events by class, alerts over time by severity, alerts by category, top entities, ingest health. */
import { useRef } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { getSummary, listAlerts } from '../api.js';
import { useLiveState, useLiveSummary, usePoll } from '../live.js';
import { LiveNote } from '../components/Live.js';
import { AXIS, CountBars, SEVERITY_COLOR, TOOLTIP, bucketLabel, bucketMs } from '../charts.js';
import type { Datum } from '../charts.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { EntityLink } from '../components/Badges.js';
import { fmtCount, isWall, label } from '../format.js';
import { href } from '../route.js';
import { SEVERITY_ORDER } from '../types.js';
import type { Severity, StoredAlert, Summary } from '../types.js';

/** How many recent alerts the trend and top-entity panels look at. */
const RECENT_ALERTS = 1000;

interface OverviewData {
  summary: Summary;
  recent: StoredAlert[];
  alertTotal: number;
  open: number;
}

async function load(): Promise<OverviewData> {
  const [summary, recent] = await Promise.all([getSummary(), listAlerts({ limit: RECENT_ALERTS })]);
  const open = summary.alertsByStatus?.open ?? (await listAlerts({ status: 'open', limit: 0 })).total;
  return { summary, recent: recent.items, alertTotal: recent.total, open };
}

function sum(counts: Partial<Record<string, number>>): number {
  return Object.values(counts).reduce<number>((a, b) => a + (b ?? 0), 0);
}

/** Bars from counts; `codes` keeps names as they are (reject reasons are codes users look up). */
function toData(counts: Partial<Record<string, number>>, codes = false): Datum[] {
  return Object.entries(counts)
    .map(([name, value]) => ({ name: codes ? name : label(name), value: value ?? 0 }))
    .sort((a, b) => b.value - a.value);
}

/** Events per second between the two latest polls; undefined until there are two. */
function useRate(total: number | undefined, at: number | undefined): number | undefined {
  const prev = useRef<{ total: number; at: number }>(undefined);
  const rate = useRef<number>(undefined);
  if (total !== undefined && at !== undefined && prev.current?.at !== at) {
    if (prev.current && at > prev.current.at)
      rate.current = ((total - prev.current.total) * 1000) / (at - prev.current.at);
    prev.current = { total, at };
  }
  return rate.current;
}

/** The overview page. */
export function Overview() {
  const { data, error, loading, updatedAt } = usePoll(load, [], { onSummary: true });
  const eventTotal = data ? sum(data.summary.events) : undefined;
  const measured = useRate(eventTotal, updatedAt);
  // The stream measures the rate on the server; between two page refreshes is the fallback.
  const live = useLiveState() === 'live';
  const streamed = useLiveSummary();
  const rate = live ? (streamed?.eventsPerSecond ?? measured) : measured;
  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <LiveNote updatedAt={updatedAt} />
      </div>
      <LoadState error={error} loading={loading} hasData={data !== undefined} />
      {data && (
        <>
          <ul className="counters" aria-label="Counters">
            <Counter
              name="Events stored"
              value={fmtCount(
                live && streamed ? Math.max(streamed.events, eventTotal ?? 0) : (eventTotal ?? 0),
              )}
            />
            <Counter name="Events per second" value={rate === undefined ? '…' : rate.toFixed(1)} />
            <Counter name="Alerts" value={fmtCount(data.alertTotal)} />
            <Counter name="Open alerts" value={fmtCount(data.open)} link={href('alerts')} />
            <Counter
              name="Dead letters"
              value={fmtCount(sum(data.summary.deadLetters))}
              link={href('dead-letters')}
            />
            <Counter name="Context records" value={fmtCount(sum(data.summary.context))} />
          </ul>
          <div className="grid">
            <Card title="Alerts over time by severity" wide>
              <AlertTrend alerts={data.recent} />
            </Card>
            <Card title="Events by class">
              {sum(data.summary.events) ? (
                <CountBars title="Events by class" data={toData(data.summary.events)} />
              ) : (
                <Empty>No events stored yet.</Empty>
              )}
            </Card>
            <Card title="Alerts by category">
              {sum(data.summary.alerts) ? (
                <CountBars title="Alerts by category" data={toData(data.summary.alerts)} />
              ) : (
                <Empty>No alerts yet.</Empty>
              )}
            </Card>
            <Card title="Top entities by alert count">
              <TopEntities alerts={data.recent} />
            </Card>
            <Card title="Ingest health: dead letters by reason">
              {sum(data.summary.deadLetters) ? (
                <CountBars title="Dead letters by reason" data={toData(data.summary.deadLetters, true)} />
              ) : (
                <Empty>No records rejected: every input line became an event or context.</Empty>
              )}
            </Card>
          </div>
        </>
      )}
    </>
  );
}

function Counter({ name, value, link }: { name: string; value: string; link?: string }) {
  const body = (
    <>
      <span className="counter-value">{value}</span>
      <span className="counter-name">{name}</span>
    </>
  );
  return <li className="counter">{link ? <a href={link}>{body}</a> : <div>{body}</div>}</li>;
}

function AlertTrend({ alerts }: { alerts: readonly StoredAlert[] }) {
  if (alerts.length === 0) return <Empty>No alerts yet.</Empty>;
  const times = alerts.map((a) => Date.parse(a.time)).filter((t) => !Number.isNaN(t));
  const min = Math.min(...times);
  const max = Math.max(...times);
  const step = bucketMs(max - min);
  const buckets = new Map<number, Record<Severity, number>>();
  for (let t = Math.floor(min / step) * step; t <= max; t += step)
    buckets.set(t, { low: 0, medium: 0, high: 0, critical: 0 });
  for (const a of alerts) {
    const t = Date.parse(a.time);
    if (Number.isNaN(t)) continue;
    const b = buckets.get(Math.floor(t / step) * step);
    if (b) b[a.severity]++;
  }
  const fmt = bucketLabel(step);
  const data = [...buckets].map(([t, c]) => ({ time: fmt(t), ...c }));
  const text = SEVERITY_ORDER.map((s) => `${s}: ${alerts.filter((a) => a.severity === s).length}`).join(', ');
  return (
    <figure
      className="chart"
      role="img"
      aria-label={`Alerts over time by severity, latest ${alerts.length}. ${text}`}
    >
      <ResponsiveContainer width="100%" height={isWall() ? 420 : 260}>
        <BarChart data={data} margin={{ left: 0, right: 24, top: 8, bottom: 4 }}>
          <CartesianGrid stroke="#26344a" vertical={false} />
          <XAxis dataKey="time" tick={AXIS} stroke={AXIS.stroke} minTickGap={24} />
          <YAxis allowDecimals={false} tick={AXIS} stroke={AXIS.stroke} width={40} />
          <Tooltip cursor={{ fill: '#1c2838' }} {...TOOLTIP} />
          <Legend itemSorter={null} />
          {SEVERITY_ORDER.map((s) => (
            <Bar
              key={s}
              dataKey={s}
              name={label(s)}
              stackId="sev"
              fill={SEVERITY_COLOR[s]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

function TopEntities({ alerts }: { alerts: readonly StoredAlert[] }) {
  const counts = new Map<string, { kind: string; value: string; n: number; worst: number }>();
  for (const a of alerts) {
    for (const [kind, value] of Object.entries(a.entities)) {
      const key = `${kind}\u0000${value}`;
      const c = counts.get(key) ?? { kind, value, n: 0, worst: 0 };
      c.n++;
      c.worst = Math.max(c.worst, a.score);
      counts.set(key, c);
    }
  }
  const top = [...counts.values()].sort((x, y) => y.n - x.n || y.worst - x.worst).slice(0, 10);
  if (top.length === 0) return <Empty>No alerts yet.</Empty>;
  return (
    <div className="table-wrap">
      <table className="compact">
        <caption className="sr-only">Entities named in the most alerts</caption>
        <thead>
          <tr>
            <th scope="col">Entity</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Alerts
            </th>
            <th scope="col" className="num">
              Top score
            </th>
          </tr>
        </thead>
        <tbody>
          {top.map((e) => (
            <tr key={`${e.kind}|${e.value}`}>
              <td>
                <EntityLink kind={e.kind} value={e.value} />
              </td>
              <td>{e.kind}</td>
              <td className="num">{e.n}</td>
              <td className="num">{e.worst}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
