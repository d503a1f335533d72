/** Dead letters: every rejected record with its source, position, reason, detail and raw text (shown escaped). */
import { useState } from 'react';
import { getSummary, query, request } from '../api.js';
import { usePoll } from '../live.js';
import { CountBars } from '../charts.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { LiveNote } from '../components/Live.js';
import { fmtTime } from '../format.js';
import type { DeadLetterView, Page, RejectReason, Summary } from '../types.js';

const PAGE = 50;
/** Raw text longer than this is shown cut, with its full length. */
const RAW_SHOWN = 4000;

/** The dead-letter page. */
export function DeadLetters() {
  const [reason, setReason] = useState<RejectReason | ''>('');
  const [offset, setOffset] = useState(0);
  const summary = usePoll<Summary>(getSummary, [], { onSummary: true });
  const list = usePoll(
    () =>
      request<Page<DeadLetterView>>(
        `/api/dead-letters${query({ reason: reason || undefined, limit: PAGE, offset })}`,
      ),
    [reason, offset],
    { onSummary: true },
  );
  const reasons = Object.entries(summary.data?.deadLetters ?? {}).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));

  return (
    <>
      <div className="page-head">
        <h1>Dead letters</h1>
        <LiveNote updatedAt={list.updatedAt} />
      </div>
      <p className="lead">
        Records Ward could not parse or validate. Nothing is dropped silently: each is kept with where it came
        from and why it was refused.
      </p>
      {reasons.length > 0 && (
        <Card title="Rejected records by reason">
          <CountBars
            title="Rejected records by reason"
            data={reasons.map(([n, v]) => ({ name: n, value: v ?? 0 }))}
          />
        </Card>
      )}
      <div className="filters">
        <div className="field">
          <label htmlFor="dl-reason">Reason</label>
          <select
            id="dl-reason"
            value={reason}
            onChange={(e) => {
              setReason(e.target.value as RejectReason | '');
              setOffset(0);
            }}
          >
            <option value="">All reasons</option>
            {reasons.map(([r, n]) => (
              <option key={r} value={r}>
                {r} ({n})
              </option>
            ))}
          </select>
        </div>
      </div>
      <LoadState error={list.error} loading={list.loading} hasData={list.data !== undefined} />
      {list.data && list.data.items.length === 0 && <Empty>No records were rejected.</Empty>}
      {list.data && list.data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="dead-letters">
              <caption className="sr-only">Rejected records</caption>
              <thead>
                <tr>
                  <th scope="col">Rejected at</th>
                  <th scope="col">Source</th>
                  <th scope="col">Reason</th>
                  <th scope="col">What was wrong</th>
                  <th scope="col">Raw text</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d, i) => (
                  <tr key={`${d.source}|${d.position}|${offset + i}`}>
                    <td>{fmtTime(d.time)}</td>
                    <td>
                      <code>{d.source}</code>
                      <div className="muted small">
                        {d.format || 'unknown format'}, at {d.position}
                      </div>
                    </td>
                    <td>
                      <span className="badge reason">{d.reason}</span>
                    </td>
                    <td>{d.detail}</td>
                    <td>
                      <RawText letter={d} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages of dead letters">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Previous
            </button>
            <span>
              {offset + 1}–{offset + list.data.items.length} of {list.data.total}
            </span>
            <button
              type="button"
              disabled={offset + PAGE >= list.data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next
            </button>
          </nav>
        </>
      )}
    </>
  );
}

/** The raw text of a rejected record; React escapes it, so markup in a record is shown, never run. */
function RawText({ letter: d }: { letter: DeadLetterView }) {
  if (d.raw === undefined)
    return (
      <span className="muted small">
        Hidden for your role ({d.rawLength.toLocaleString()} characters): raw records can hold patient data,
        so only admins and privacy officers see them.
      </span>
    );
  return (
    <>
      <pre className="raw" aria-label={`Raw text of ${d.source} at ${d.position}`}>
        {d.raw.length > RAW_SHOWN ? `${d.raw.slice(0, RAW_SHOWN)}…` : d.raw || '(empty)'}
      </pre>
      {d.rawLength > RAW_SHOWN && (
        <div className="muted small">{d.rawLength.toLocaleString()} characters, cut for display</div>
      )}
    </>
  );
}
