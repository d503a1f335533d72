/** One entity (user, IP, host, patient, device): its activity over time, its alerts and its recent events. */
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { MAX_PAGE, listAlerts, searchEvents } from '../api.js';
import type { EventFilter } from '../api.js';
import { usePoll } from '../live.js';
import { AXIS, TOOLTIP, bucketLabel, bucketMs } from '../charts.js';
import { SeverityBadge, StatusBadge } from '../components/Badges.js';
import { EventTable } from '../components/EventTable.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { LiveNote } from './Overview.js';
import { fmtTime, isWall, label } from '../format.js';
import { href } from '../route.js';
import type { Page, StoredAlert, WardEvent } from '../types.js';

/** Latest events shown on an entity page. */
const EVENTS_SHOWN = 500;
/** Recent alerts searched for this entity (the API has no entity filter on alerts). */
const ALERTS_SCANNED = MAX_PAGE;

function eventFilter(kind: string, value: string): EventFilter {
  if (kind === 'user') return { user: value };
  if (kind === 'ip') return { srcIp: value };
  return { text: value };
}

/** The latest `EVENTS_SHOWN` events of the entity (events come oldest first, so page from the end). */
async function latestEvents(filter: EventFilter): Promise<Page<WardEvent>> {
  const first = await searchEvents({ ...filter, limit: EVENTS_SHOWN });
  if (first.total <= EVENTS_SHOWN) return first;
  return searchEvents({ ...filter, limit: EVENTS_SHOWN, offset: first.total - EVENTS_SHOWN });
}

async function load(
  kind: string,
  value: string,
): Promise<{ events: Page<WardEvent>; alerts: StoredAlert[] }> {
  const [events, alerts] = await Promise.all([
    latestEvents(eventFilter(kind, value)),
    listAlerts({ limit: ALERTS_SCANNED }),
  ]);
  return { events, alerts: alerts.items.filter((a) => Object.values(a.entities).includes(value)) };
}

/** The page of one entity. */
export function EntityPage({ kind, value }: { kind: string; value: string }) {
  const { data, error, loading, updatedAt } = usePoll(() => load(kind, value), [kind, value]);
  return (
    <>
      <p className="crumbs">
        <a href={href('entities')}>← Entities</a>
      </p>
      <div className="page-head">
        <h1>
          <span className="muted">{label(kind)}</span> {value}
        </h1>
        <LiveNote updatedAt={updatedAt} />
      </div>
      <LoadState error={error} loading={loading} hasData={data !== undefined} />
      {data && (
        <div className="grid">
          <Card title="Activity over time" wide>
            <Timeline events={data.events.items} alerts={data.alerts} />
          </Card>
          <Card title={`Alerts (${data.alerts.length})`} wide>
            {data.alerts.length === 0 ? (
              <Empty>No recent alert names this {kind}.</Empty>
            ) : (
              <ol className="timeline">
                {[...data.alerts]
                  .sort((a, b) => b.time.localeCompare(a.time))
                  .map((a) => (
                    <li key={a.id}>
                      <time dateTime={a.time}>{fmtTime(a.time)}</time> <SeverityBadge severity={a.severity} />{' '}
                      <a href={href('alerts', a.id)}>{a.title}</a> <StatusBadge status={a.status} />
                      <div className="muted small">{a.reasons[0]}</div>
                    </li>
                  ))}
              </ol>
            )}
          </Card>
          <Card title={`Events (latest ${data.events.items.length} of ${data.events.total})`} wide>
            {data.events.items.length === 0 ? (
              <Empty>No stored events name this {kind}.</Empty>
            ) : (
              <EventTable events={[...data.events.items].reverse()} caption={`Events of ${value}`} />
            )}
          </Card>
        </div>
      )}
    </>
  );
}

function Timeline({ events, alerts }: { events: readonly WardEvent[]; alerts: readonly StoredAlert[] }) {
  const times = [...events.map((e) => e.time), ...alerts.map((a) => Date.parse(a.time))].filter(
    Number.isFinite,
  );
  if (times.length === 0) return <Empty>Nothing recorded yet.</Empty>;
  const min = Math.min(...times);
  const max = Math.max(...times);
  const step = bucketMs(max - min);
  const rows = new Map<number, { events: number; failures: number; alerts: number }>();
  for (let t = Math.floor(min / step) * step; t <= max; t += step)
    rows.set(t, { events: 0, failures: 0, alerts: 0 });
  const at = (t: number) => rows.get(Math.floor(t / step) * step);
  for (const e of events) {
    const r = at(e.time);
    if (!r) continue;
    r.events++;
    if (e.outcome === 'failure') r.failures++;
  }
  for (const a of alerts) {
    const r = at(Date.parse(a.time));
    if (r) r.alerts++;
  }
  const fmt = bucketLabel(step);
  const data = [...rows].map(([t, r]) => ({ time: fmt(t), ...r }));
  return (
    <figure
      className="chart"
      role="img"
      aria-label={`Activity over time: ${events.length} events, ${events.filter((e) => e.outcome === 'failure').length} failures, ${alerts.length} alerts`}
    >
      <ResponsiveContainer width="100%" height={isWall() ? 400 : 240}>
        <ComposedChart data={data} margin={{ left: 0, right: 24, top: 8, bottom: 4 }}>
          <CartesianGrid stroke="#26344a" vertical={false} />
          <XAxis dataKey="time" tick={AXIS} stroke={AXIS.stroke} minTickGap={24} />
          <YAxis allowDecimals={false} tick={AXIS} stroke={AXIS.stroke} width={40} />
          <Tooltip {...TOOLTIP} />
          <Legend itemSorter={null} />
          <Bar dataKey="events" name="Events" fill="#5fb3f9" isAnimationActive={false} />
          <Bar dataKey="failures" name="Failures" fill="#f08a3c" isAnimationActive={false} />
          <Line dataKey="alerts" name="Alerts" stroke="#ff5d6c" strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
