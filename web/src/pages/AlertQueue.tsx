/** Alert queue: filter by category, severity and status; sort; group by detector; j/k/Enter/Esc to move and open. */
import { useMemo, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent, ReactNode } from 'react';
import { listAlerts } from '../api.js';
import type { AlertFilter } from '../api.js';
import { usePoll } from '../live.js';
import { EntityList, SeverityBadge, StatusBadge } from '../components/Badges.js';
import { Empty, LoadState } from '../components/States.js';
import { LiveNote } from '../components/Live.js';
import { fmtTime, isoTime, label } from '../format.js';
import { href, navigate, navigateWithParam } from '../route.js';
import { takeFlash } from '../flash.js';
import { useRowKeys } from '../keys.js';
import { CATEGORIES, SEVERITY_ORDER, STATUSES } from '../types.js';
import type { Page, StoredAlert } from '../types.js';

/** Alerts fetched per status. */
const QUEUE_LIMIT = 500;
const SORTS = { time: 'Newest first', score: 'Highest score', severity: 'Most severe' } as const;
type SortKey = keyof typeof SORTS;

/** Open and acknowledged alerts (two requests, merged), or one status, or all. */
async function loadQueue(filter: AlertFilter): Promise<Page<StoredAlert>> {
  if (filter.status !== 'active') return listAlerts({ ...filter, limit: QUEUE_LIMIT });
  const [open, ack] = await Promise.all([
    listAlerts({ ...filter, status: 'open', limit: QUEUE_LIMIT }),
    listAlerts({ ...filter, status: 'acknowledged', limit: QUEUE_LIMIT }),
  ]);
  return { total: open.total + ack.total, items: [...open.items, ...ack.items] };
}

function compare(sort: SortKey): (a: StoredAlert, b: StoredAlert) => number {
  const byTime = (a: StoredAlert, b: StoredAlert): number => b.time.localeCompare(a.time);
  switch (sort) {
    case 'time':
      return byTime;
    case 'score':
      return (a, b) => b.score - a.score || byTime(a, b);
    case 'severity':
      return (a, b) =>
        SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity) ||
        b.score - a.score ||
        byTime(a, b);
  }
}

/** The alert queue page; its filters live in the address so Back and shared links keep them. */
export function AlertQueue({ params }: { params: URLSearchParams }) {
  const category = params.get('category') ?? '';
  const severity = params.get('severity') ?? '';
  const status = params.get('status') ?? 'active';
  const sort = (params.get('sort') ?? 'time') as SortKey;
  const group = params.get('group') === 'detector';
  const filter: AlertFilter = {
    category: category || undefined,
    severity: severity || undefined,
    status: status === 'all' ? undefined : status,
  };
  const { data, error, loading, updatedAt } = usePoll(() => loadQueue(filter), [category, severity, status]);

  const groups = useMemo(() => {
    const items = [...(data?.items ?? [])].sort(compare(SORTS[sort] ? sort : 'time'));
    if (!group) return [{ name: '', items }];
    const by = new Map<string, StoredAlert[]>();
    for (const a of items) by.set(a.detector, [...(by.get(a.detector) ?? []), a]);
    return [...by]
      .map(([name, list]) => ({ name, items: list }))
      .sort((x, y) => y.items.length - x.items.length);
  }, [data, sort, group]);
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);

  const [flash] = useState(takeFlash);
  const ids = useMemo(() => flat.map((a) => a.id), [flat]);
  const { selectedId, setSelectedId, rowRef } = useRowKeys(ids, (id) => navigate(href('alerts', id)));

  const setParam = (key: string, value: string): void => navigateWithParam('alerts', params, key, value);

  return (
    <>
      <div className="page-head">
        <h1>Alert queue</h1>
        <LiveNote updatedAt={updatedAt} />
      </div>
      {flash && (
        <p className="ok" role="status">
          {flash}
        </p>
      )}
      <form className="filters" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()}>
        <Select label="Status" id="f-status" value={status} onChange={(v) => setParam('status', v || 'all')}>
          <option value="active">Open + acknowledged</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
          <option value="all">All</option>
        </Select>
        <Select label="Category" id="f-category" value={category} onChange={(v) => setParam('category', v)}>
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {label(c)}
            </option>
          ))}
        </Select>
        <Select label="Severity" id="f-severity" value={severity} onChange={(v) => setParam('severity', v)}>
          <option value="">All severities</option>
          {[...SEVERITY_ORDER].reverse().map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </Select>
        <Select label="Sort" id="f-sort" value={sort} onChange={(v) => setParam('sort', v)}>
          {Object.entries(SORTS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </Select>
        <Select
          label="Group"
          id="f-group"
          value={group ? 'detector' : ''}
          onChange={(v) => setParam('group', v)}
        >
          <option value="">No grouping</option>
          <option value="detector">By detector</option>
        </Select>
      </form>
      <p className="muted hint" id="queue-keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>Esc</kbd> clears the selection.
      </p>
      <LoadState error={error} loading={loading} hasData={data !== undefined} />
      {data && flat.length === 0 && <Empty>No alerts match these filters.</Empty>}
      {data && flat.length > 0 && (
        <>
          <p className="muted" role="status">
            {flat.length === data.total
              ? `${data.total} alerts`
              : `Showing ${flat.length} of ${data.total} alerts`}
          </p>
          <div className="table-wrap">
            <table className="queue" aria-describedby="queue-keys">
              <caption className="sr-only">Alerts</caption>
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col">Title</th>
                  <th scope="col">Time</th>
                  <th scope="col">Entities</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              {groups.map((g) => (
                <tbody key={g.name || 'all'}>
                  {group && (
                    <tr className="group-row">
                      <th scope="rowgroup" colSpan={6}>
                        {g.name} <span className="muted">({g.items.length})</span>
                      </th>
                    </tr>
                  )}
                  {g.items.map((a) => (
                    <QueueRow
                      key={a.id}
                      alert={a}
                      selected={a.id === selectedId}
                      rowRef={rowRef(a.id)}
                      onSelect={() => setSelectedId(a.id)}
                    />
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        </>
      )}
    </>
  );
}

function QueueRow(props: {
  alert: StoredAlert;
  selected: boolean;
  rowRef: (el: HTMLTableRowElement | null) => void;
  onSelect: () => void;
}) {
  const { alert: a, selected } = props;
  const open = (): void => navigate(href('alerts', a.id));
  return (
    <tr
      ref={props.rowRef}
      className={selected ? 'selected' : undefined}
      aria-current={selected ? true : undefined}
      tabIndex={-1}
      onClick={open}
      onFocus={props.onSelect}
      onKeyDown={(e: ReactKeyboardEvent) => {
        if (e.key === ' ') {
          e.preventDefault();
          open();
        }
      }}
    >
      <td>
        <SeverityBadge severity={a.severity} />
      </td>
      <td className="num">{a.score}</td>
      <td>
        <a href={href('alerts', a.id)} onClick={(e) => e.stopPropagation()}>
          {a.title}
        </a>
        <div className="muted small">{a.detector}</div>
      </td>
      <td>
        <time dateTime={isoTime(a.time)}>{fmtTime(a.time)}</time>
      </td>
      <td>
        <EntityList entities={a.entities} />
      </td>
      <td>
        <StatusBadge status={a.status} />
        {a.assignee && <div className="muted small">{a.assignee}</div>}
      </td>
    </tr>
  );
}

function Select(props: {
  label: string;
  id: string;
  value: string;
  onChange: (v: string) => void;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.children}
      </select>
    </div>
  );
}
