/** One alert: why it was raised (its reasons, as the headline), evidence events, entities, ATT&CK, triage actions. */
import { useEffect, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { getAlert, listCases, request } from '../api.js';
import { useOnce, usePoll } from '../live.js';
import { AttackLinks, EntityList, SeverityBadge, StatusBadge } from '../components/Badges.js';
import { EventTable } from '../components/EventTable.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { setFlash } from '../flash.js';
import { fmtTime, label } from '../format.js';
import { href, navigate, reportHref } from '../route.js';
import { VERDICTS } from '../types.js';
import type { HistoryEntry, StoredAlert, Verdict } from '../types.js';

/** The alert page for `id`. Esc goes back to the queue. */
export function AlertPage({ id }: { id: string }) {
  const { data, error, loading } = usePoll(() => getAlert(id), [id]);
  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      const t = e.target;
      if (e.key !== 'Escape' || (t instanceof HTMLElement && /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)))
        return;
      navigate(href('alerts'));
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const a = data?.alert;
  return (
    <>
      <p className="crumbs">
        <a href={href('alerts')}>← Alert queue</a> <span className="muted">(Esc)</span>
      </p>
      <LoadState error={error} loading={loading} hasData={data !== undefined} />
      {a && (
        <article className="alert-page" aria-labelledby="alert-title">
          <header>
            <p className="eyebrow">
              <SeverityBadge severity={a.severity} /> <span className="score">score {a.score}</span>{' '}
              <StatusBadge status={a.status} /> <span className="muted">{label(a.category)}</span>
            </p>
            <h1 id="alert-title">{a.title}</h1>
          </header>
          <section className="reasons" aria-labelledby="why">
            <h2 id="why">Why Ward raised this</h2>
            <ul>
              {a.reasons.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ul>
          </section>
          <div className="grid two">
            <Card title="Details">
              <dl className="facts">
                <dt>When</dt>
                <dd>{fmtTime(a.time)}</dd>
                <dt>Detector</dt>
                <dd>
                  <code>{a.detector}</code>
                </dd>
                <dt>Entities</dt>
                <dd>
                  <EntityList entities={a.entities} />
                </dd>
                <dt>ATT&amp;CK</dt>
                <dd>
                  <AttackLinks ids={a.attack} />
                </dd>
                {a.category === 'ehr_privacy' && a.entities.user && (
                  <>
                    <dt>Privacy case</dt>
                    <dd>
                      <CaseLink alert={a} />
                    </dd>
                  </>
                )}
                <dt>Assignee</dt>
                <dd>{a.assignee ?? <span className="muted">nobody</span>}</dd>
                {a.verdict && (
                  <>
                    <dt>Verdict</dt>
                    <dd>{label(a.verdict)}</dd>
                  </>
                )}
                {a.comment && (
                  <>
                    <dt>Comment</dt>
                    <dd className="pre">{a.comment}</dd>
                  </>
                )}
                <dt>Last change</dt>
                <dd>{fmtTime(a.updatedAt)}</dd>
              </dl>
            </Card>
            <Card title="Triage">
              <Triage alert={a} />
            </Card>
            <Card title={`Evidence (${a.events.length} records)`} wide>
              {data.evidence.length > 0 ? (
                <EventTable events={data.evidence} caption="Evidence events" />
              ) : (
                <Empty>The evidence records are not in the store.</Empty>
              )}
              {data.missing.length > 0 && (
                <p className="muted small">
                  Not in the store (or no longer): <code>{data.missing.join(', ')}</code>
                </p>
              )}
            </Card>
            {data.history.length > 0 && (
              <Card title="Triage history" wide>
                <ol className="timeline">
                  {data.history.map((h, i) => (
                    <li key={i}>
                      <time dateTime={h.time}>{fmtTime(h.time)}</time> <strong>{h.by}</strong> {describe(h)}
                      {h.comment && <div className="pre muted">“{h.comment}”</div>}
                    </li>
                  ))}
                </ol>
              </Card>
            )}
          </div>
        </article>
      )}
    </>
  );
}

function Triage({ alert: a }: { alert: StoredAlert }) {
  const [assignee, setAssignee] = useState(a.assignee ?? '');
  const [verdict, setVerdict] = useState<Verdict | ''>('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const path = `/api/alerts/${encodeURIComponent(a.id)}`;

  async function act(what: string, run: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setMessage(undefined);
    try {
      await run();
      setMessage({ ok: true, text: what });
      return true;
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function assign(e: SyntheticEvent): Promise<void> {
    e.preventDefault();
    const who = assignee.trim();
    if (!who) return setMessage({ ok: false, text: 'Type who should own this alert.' });
    await act(`Assigned to ${who}.`, () =>
      request(`${path}/assign`, { method: 'POST', body: { assignee: who } }),
    );
  }

  async function close(e: SyntheticEvent): Promise<void> {
    e.preventDefault();
    if (!verdict) return setMessage({ ok: false, text: 'Choose a verdict before closing.' });
    const body = comment.trim() ? { verdict, comment: comment.trim() } : { verdict };
    const done = await act('Closed.', () => request(`${path}/close`, { method: 'POST', body }));
    if (done) {
      setFlash(`Closed “${a.title}” as ${label(verdict).toLowerCase()}.`);
      navigate(href('alerts'));
    }
  }

  const closed = a.status === 'closed';
  return (
    <div className="triage">
      <button
        type="button"
        disabled={busy || a.status !== 'open'}
        onClick={() => void act('Acknowledged.', () => request(`${path}/ack`, { method: 'POST', body: {} }))}
      >
        {a.status === 'open' ? 'Acknowledge' : 'Acknowledged'}
      </button>
      <form onSubmit={(e) => void assign(e)} className="inline">
        <label htmlFor="assignee">Assign to</label>
        <input
          id="assignee"
          value={assignee}
          onChange={(e) => setAssignee(e.target.value)}
          autoComplete="off"
        />
        <button type="submit" disabled={busy}>
          Assign
        </button>
      </form>
      <form onSubmit={(e) => void close(e)} aria-label="Close with a verdict">
        <fieldset disabled={busy || closed}>
          <legend>{closed ? 'Closed' : 'Close with a verdict'}</legend>
          <div className="radios" role="radiogroup" aria-label="Verdict">
            {VERDICTS.map((v) => (
              <label key={v} className="radio">
                <input
                  type="radio"
                  name="verdict"
                  value={v}
                  checked={verdict === v}
                  onChange={() => setVerdict(v)}
                />
                {label(v)}
              </label>
            ))}
          </div>
          <label htmlFor="comment">Comment</label>
          <textarea id="comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="submit" className="primary">
            Close alert
          </button>
        </fieldset>
      </form>
      {message && (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </div>
  );
}

function describe(h: HistoryEntry): string {
  switch (h.action) {
    case 'acknowledge':
      return `acknowledged${h.assignee ? ` (owner: ${h.assignee})` : ''}`;
    case 'assign':
      return `assigned to ${h.assignee ?? 'nobody'}`;
    case 'close':
      return `closed as ${label(h.verdict ?? 'no verdict').toLowerCase()}`;
  }
}

/** The privacy case an EHR privacy alert belongs to, and its patient's access report. */
function CaseLink({ alert: a }: { alert: StoredAlert }) {
  const user = a.entities.user;
  const patient = a.entities.patient;
  const found = useOnce(async () => {
    const page = await listCases({ status: undefined, user, ...(patient ? { patient } : {}), limit: 50 });
    return page.items.find((c) => c.alerts.includes(a.id) || c.suppressedAlerts.includes(a.id));
  }, [a.id, user, patient]);
  return (
    <>
      {found.data ? (
        <a href={href('privacy', found.data.id)}>Open the case (score {Math.round(found.data.score)})</a>
      ) : (
        <span className="muted">{found.loading ? 'Looking…' : 'No case found'}</span>
      )}
      {patient && (
        <div>
          <a href={reportHref(patient)}>Patient access report</a>
        </div>
      )}
    </>
  );
}
