/**
 * One entity (user, IP, host, patient, device): its risk score with 30 days of history and the alerts behind it,
 * its usual hours and values beside the last 24 hours, and a timeline of its events and alerts. When the server
 * has no entity routes, the timeline falls back to the event search and the alert list.
 */
import {
  Area,
  AreaChart,
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
import {
  ApiError,
  MAX_PAGE,
  getBaseline,
  getEntityRisk,
  getEntityTimeline,
  listAlerts,
  searchEvents,
} from '../api.js';
import type { EventFilter } from '../api.js';
import { useOnce, usePoll } from '../live.js';
import { AXIS, SEVERITY_COLOR, TOOLTIP, bucketLabel, bucketMs } from '../charts.js';
import { SeverityBadge, StatusBadge } from '../components/Badges.js';
import { EventTable } from '../components/EventTable.js';
import { LiveNote } from '../components/Live.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { describeEvent, fmtTime, isWall, isoTime, label, plural } from '../format.js';
import { href, navigate } from '../route.js';
import type { Baseline, EntityRisk, TimelineItem, WardEvent } from '../types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Timeline items fetched (the route's maximum is 500). */
const TIMELINE_ITEMS = 300;
/** A last alert older than this suggests replayed or old data: offer to score as of that alert. */
const STALE_MS = 3 * DAY_MS;

/** Hour of the week of a UTC time, Monday 00:00 = 0 (as the baseline route counts). */
export function hourOfWeek(t: number): number {
  const d = new Date(t);
  return ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
}

/** A missing route or an entity the server does not know: both are "nothing to show", not failures. */
function notFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404;
}

function eventFilter(kind: string, value: string): EventFilter {
  if (kind === 'user') return { user: value };
  if (kind === 'ip') return { srcIp: value };
  return { text: value };
}

/** The timeline from the entity route, or from the event search and alert list on servers without it. */
async function loadTimeline(kind: string, value: string): Promise<TimelineItem[]> {
  try {
    return await getEntityTimeline(kind, value, TIMELINE_ITEMS);
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  const filter = eventFilter(kind, value);
  const first = await searchEvents({ ...filter, limit: TIMELINE_ITEMS });
  const events =
    first.total <= TIMELINE_ITEMS
      ? first
      : await searchEvents({ ...filter, limit: TIMELINE_ITEMS, offset: first.total - TIMELINE_ITEMS });
  const alerts = (await listAlerts({ limit: MAX_PAGE })).items.filter((a) =>
    Object.values(a.entities).includes(value),
  );
  const items: TimelineItem[] = [
    ...events.items.map((e) => ({ type: 'event' as const, time: isoTime(e.time), event: e })),
    ...alerts.map((a) => ({ type: 'alert' as const, time: a.time, alert: a, points: 0 })),
  ];
  return items.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
}

async function orNothing<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (notFound(err)) return null;
    throw err;
  }
}

/** The page of one entity; `?at=ISO` scores it as of that time (for replayed data). */
export function EntityPage({
  kind,
  value,
  params,
}: {
  kind: string;
  value: string;
  params: URLSearchParams;
}) {
  const at = params.get('at') ?? undefined;
  const risk = usePoll(() => orNothing(getEntityRisk(kind, value, at)), [kind, value, at]);
  const timeline = usePoll(() => loadTimeline(kind, value), [kind, value]);
  // The baseline reads up to 50,000 events: once per visit, not on every refresh.
  const baseline = useOnce(() => orNothing(getBaseline(kind, value, at)), [kind, value, at]);

  return (
    <>
      <p className="crumbs">
        <a href={href('entities')}>← Entities</a>
      </p>
      <div className="page-head">
        <h1>
          <span className="muted">{label(kind)}</span> <span className="entity">{value}</span>
        </h1>
        <LiveNote updatedAt={timeline.updatedAt} />
      </div>
      <div className="grid risk-row">
        <Card title="Risk">
          <LoadState error={risk.error} loading={risk.loading} hasData={risk.data !== undefined} />
          {risk.data === null && <Empty>No risk score: no alert names this {kind}.</Empty>}
          {risk.data && <RiskSummary risk={risk.data} kind={kind} value={value} at={at} />}
        </Card>
        <Card title="Risk over 30 days">
          {risk.data ? <RiskHistory risk={risk.data} /> : <Empty>No risk history.</Empty>}
        </Card>
      </div>
      <div className="grid">
        <Card title="Last 24 hours against usual hours" wide>
          <LoadState
            error={baseline.error}
            loading={baseline.loading}
            hasData={baseline.data !== undefined}
          />
          {baseline.data === null && <Empty>No baseline for this {kind}.</Empty>}
          {baseline.data && <BaselineView b={baseline.data} now={at ? Date.parse(at) : Date.now()} />}
        </Card>
        {risk.data && (
          <Card title={`What makes up the score (${risk.data.contributions.length} alerts)`} wide>
            <Contributions risk={risk.data} />
          </Card>
        )}
        <Card title="Activity over time" wide>
          <LoadState
            error={timeline.error}
            loading={timeline.loading}
            hasData={timeline.data !== undefined}
          />
          {timeline.data && <ActivityChart items={timeline.data} />}
        </Card>
        {timeline.data && <TimelineCards items={timeline.data} kind={kind} value={value} />}
      </div>
    </>
  );
}

function RiskSummary(props: { risk: EntityRisk; kind: string; value: string; at: string | undefined }) {
  const { risk: r, kind, value, at } = props;
  // Replayed or old data: the score and the last 24 hours are empty "now"; offer the time of the last alert.
  const stale =
    !at && r.lastAlert !== undefined && Date.now() - Date.parse(r.lastAlert) > STALE_MS
      ? r.lastAlert
      : undefined;
  const here = href('entities', kind, value);
  return (
    <div className="risk">
      <p className="risk-score">
        <span className="sr-only">Risk score </span>
        <span className="counter-value">{Math.round(r.score)}</span>
        <span className="muted"> / 100</span> <SeverityBadge severity={r.severity} />
      </p>
      <p>
        {plural(r.alerts, 'alert')} in the last 90 days
        {r.lastAlert && (
          <>
            , the latest <time dateTime={isoTime(r.lastAlert)}>{fmtTime(r.lastAlert)}</time>
          </>
        )}
        .
      </p>
      <p className="muted small">Each alert adds points that halve every 7 days.</p>
      {at && (
        <p>
          Shown as of {fmtTime(at)}. <a href={here}>Show as of now</a>
        </p>
      )}
      {stale && (
        <p>
          The last alert is {Math.round((Date.now() - Date.parse(stale)) / DAY_MS)} days old, so little of its
          weight is left.{' '}
          <button
            type="button"
            className="link"
            onClick={() => navigate(`${here}?${new URLSearchParams({ at: stale }).toString()}`)}
          >
            Show as of the last alert
          </button>
        </p>
      )}
    </div>
  );
}

function RiskHistory({ risk }: { risk: EntityRisk }) {
  const h = risk.history;
  if (h.length === 0) return <Empty>No risk history.</Empty>;
  const peak = h.reduce((m, d) => (d.score > m.score ? d : m), h[0]!);
  const data = h.map((d) => ({ day: d.day.slice(5), score: round(d.score) }));
  const color = SEVERITY_COLOR[risk.severity];
  return (
    <figure
      className="chart"
      role="img"
      aria-label={`Risk over the last ${h.length} days: from ${Math.round(h[0]!.score)} on ${h[0]!.day} to ${Math.round(h[h.length - 1]!.score)} on ${h[h.length - 1]!.day}, peak ${Math.round(peak.score)} on ${peak.day}`}
    >
      <ResponsiveContainer width="100%" height={isWall() ? 320 : 200}>
        <AreaChart data={data} margin={{ left: 0, right: 16, top: 8, bottom: 4 }}>
          <CartesianGrid stroke="#26344a" vertical={false} />
          <XAxis dataKey="day" tick={AXIS} stroke={AXIS.stroke} minTickGap={24} />
          <YAxis domain={[0, 100]} tick={AXIS} stroke={AXIS.stroke} width={isWall() ? 60 : 36} />
          <Tooltip {...TOOLTIP} />
          <Area
            dataKey="score"
            name="Risk score"
            stroke={color}
            fill={color}
            fillOpacity={0.25}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}

const hourFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Today's 24 hours as bars beside the usual mean of the same hours of the week, then the usual week. */
function BaselineView({ b, now }: { b: Baseline; now: number }) {
  const start = Math.floor(now / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  const day = b.today.map((n, i) => {
    const t = start + i * HOUR_MS;
    return { hour: hourFmt.format(t), today: n, usual: round(b.hours[hourOfWeek(t)] ?? 0) };
  });
  const todayTotal = b.today.reduce((s, n) => s + n, 0);
  const usualTotal = round(day.reduce((s, d) => s + d.usual, 0));
  const quiet = day.filter((d) => d.today > 0 && d.usual === 0).length;
  const week = b.hours.map((n, i) => ({
    slot: `${DAYS[Math.floor(i / 24)]} ${String(i % 24).padStart(2, '0')}h`,
    usual: round(n),
  }));
  const busiest = week.reduce((m, w) => (w.usual > m.usual ? w : m), week[0] ?? { slot: '', usual: 0 });
  return (
    <>
      <div className="grid two tight">
        <figure
          className="chart"
          role="img"
          aria-label={`Last 24 hours: ${todayTotal} events; the same hours usually see ${usualTotal} events${
            quiet ? `; events in ${plural(quiet, 'usually quiet hour')}` : ''
          }`}
        >
          <figcaption className="muted small">
            {now < Date.now() - HOUR_MS ? `The 24 hours before ${fmtTime(now)}` : 'Last 24 hours'} (your time)
            against the usual {b.days}-day mean
          </figcaption>
          <ResponsiveContainer width="100%" height={isWall() ? 360 : 230}>
            <ComposedChart data={day} margin={{ left: 0, right: 16, top: 8, bottom: 4 }}>
              <CartesianGrid stroke="#26344a" vertical={false} />
              <XAxis dataKey="hour" tick={AXIS} stroke={AXIS.stroke} minTickGap={16} />
              <YAxis allowDecimals={false} tick={AXIS} stroke={AXIS.stroke} width={isWall() ? 60 : 36} />
              <Tooltip {...TOOLTIP} />
              <Legend itemSorter={null} />
              <Bar dataKey="today" name="Last 24 h" fill="#5fb3f9" isAnimationActive={false} />
              <Line
                dataKey="usual"
                name="Usual"
                stroke="#f2b84b"
                strokeWidth={2}
                dot={false}
                type="monotone"
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </figure>
        <figure
          className="chart"
          role="img"
          aria-label={`Usual week over ${b.days} days: busiest hour ${busiest.slot} UTC with ${busiest.usual} events on average`}
        >
          <figcaption className="muted small">Usual week, mean events per hour (UTC)</figcaption>
          <ResponsiveContainer width="100%" height={isWall() ? 360 : 230}>
            <AreaChart data={week} margin={{ left: 0, right: 16, top: 8, bottom: 4 }}>
              <CartesianGrid stroke="#26344a" vertical={false} />
              <XAxis
                dataKey="slot"
                tick={AXIS}
                stroke={AXIS.stroke}
                interval={23}
                tickFormatter={(s: string) => s.slice(0, 3)}
              />
              <YAxis tick={AXIS} stroke={AXIS.stroke} width={isWall() ? 60 : 36} />
              <Tooltip {...TOOLTIP} />
              <Area
                dataKey="usual"
                name="Usual"
                stroke="#f2b84b"
                fill="#f2b84b"
                fillOpacity={0.25}
                isAnimationActive={false}
              />
            </AreaChart>
          </ResponsiveContainer>
        </figure>
      </div>
      <div className="grid two tight">
        <section aria-labelledby="usual-values">
          <h3 id="usual-values">Usual values</h3>
          {b.usual.length === 0 ? (
            <Empty>No events in the baseline window.</Empty>
          ) : (
            <ValueTable
              caption="Usual values"
              rows={b.usual.map((u) => ({ ...u, shown: `${Math.round(u.share * 100)}%` }))}
              col="Share"
            />
          )}
        </section>
        <section aria-labelledby="new-values">
          <h3 id="new-values">New in the last 24 hours</h3>
          {b.new.length === 0 ? (
            <Empty>Nothing new: every value of the last 24 hours was seen before.</Empty>
          ) : (
            <ValueTable
              caption="Values new in the last 24 hours"
              rows={b.new.map((n) => ({ ...n, shown: String(n.count) }))}
              col="Events"
              fresh
            />
          )}
        </section>
      </div>
    </>
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const FIELD_NAMES: Record<string, string> = {
  srcIp: 'Source IP',
  dstIp: 'Destination IP',
  patientUnit: 'Patient unit',
  app: 'Application',
};

function ValueTable(props: {
  caption: string;
  rows: { field: string; value: string; shown: string }[];
  col: string;
  fresh?: boolean;
}) {
  return (
    <table className="compact">
      <caption className="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Value</th>
          <th scope="col" className="num">
            {props.col}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={`${r.field}|${r.value}`}>
            <td>{FIELD_NAMES[r.field] ?? label(r.field)}</td>
            <td>
              <span className={props.fresh ? 'entity new-value' : 'entity'}>{r.value}</span>
            </td>
            <td className="num">{r.shown}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Contributions({ risk }: { risk: EntityRisk }) {
  if (risk.contributions.length === 0) return <Empty>No alert adds to the score.</Empty>;
  return (
    <div className="table-wrap">
      <table className="compact">
        <caption className="sr-only">Alerts that make up the risk score</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Alert</th>
            <th scope="col">Detector</th>
            <th scope="col" className="num">
              Points then
            </th>
            <th scope="col" className="num">
              Points now
            </th>
          </tr>
        </thead>
        <tbody>
          {risk.contributions.map((c) => (
            <tr key={c.alertId}>
              <td>
                <time dateTime={isoTime(c.time)}>{fmtTime(c.time)}</time>
              </td>
              <td>
                <a href={href('alerts', c.alertId)}>{c.title}</a>
              </td>
              <td>
                <code>{c.detector}</code>
              </td>
              <td className="num">{round(c.points)}</td>
              <td className="num">{round(c.current)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ActivityChart({ items }: { items: readonly TimelineItem[] }) {
  const events = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
  const alerts = items.flatMap((i) => (i.type === 'alert' ? [i.alert] : []));
  const times = items.map((i) => Date.parse(i.time)).filter(Number.isFinite);
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
  const failures = events.filter((e) => e.outcome === 'failure').length;
  return (
    <figure
      className="chart"
      role="img"
      aria-label={`Activity over time: ${events.length} events, ${failures} failures, ${alerts.length} alerts`}
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

function TimelineCards({
  items,
  kind,
  value,
}: {
  items: readonly TimelineItem[];
  kind: string;
  value: string;
}) {
  const events: WardEvent[] = items.flatMap((i) => (i.type === 'event' ? [i.event] : []));
  return (
    <>
      <Card title={`Timeline (latest ${items.length})`} wide>
        {items.length === 0 ? (
          <Empty>No stored event or alert names this {kind}.</Empty>
        ) : (
          <ol className="timeline" aria-label={`Events and alerts of ${value}, newest first`}>
            {items.slice(0, 100).map((i, n) =>
              i.type === 'alert' ? (
                <li key={`a${i.alert.id}`} className="tl-alert">
                  <time dateTime={isoTime(i.time)}>{fmtTime(i.time)}</time>{' '}
                  <SeverityBadge severity={i.alert.severity} />{' '}
                  <a href={href('alerts', i.alert.id)}>{i.alert.title}</a>{' '}
                  <StatusBadge status={i.alert.status} />
                  {i.points > 0 && <span className="muted small"> +{round(i.points)} points</span>}
                  <div className="muted small">{i.alert.reasons[0]}</div>
                </li>
              ) : (
                <li key={`e${i.event.source}|${i.event.id}|${n}`} className="tl-event">
                  <time dateTime={isoTime(i.time)}>{fmtTime(i.time)}</time>{' '}
                  <span className="muted">{label(i.event.class)}</span> {describeEvent(i.event)}{' '}
                  <span className={`outcome-${i.event.outcome} small`}>{label(i.event.outcome)}</span>
                </li>
              ),
            )}
          </ol>
        )}
        {items.length > 100 && (
          <p className="muted small">The 100 newest are listed; the events table has more.</p>
        )}
      </Card>
      {events.length > 0 && (
        <Card title={`Events (latest ${events.length})`} wide>
          <details>
            <summary>Show the events as a table (user, addresses, host, record id)</summary>
            <EventTable events={events} caption={`Events of ${value}`} />
          </details>
        </Card>
      )}
    </>
  );
}
