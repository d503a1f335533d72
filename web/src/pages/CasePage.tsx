/**
 * One privacy case: why it was raised (its reasons as the headline), the alerts with their evidence, the staff
 * member's other cases, the decisions so far, and the decision form for roles that may decide. Esc goes back.
 */
import { useEffect, useState } from 'react';
import type { SyntheticEvent } from 'react';
import { decideCase, getAlert, getCase, mayDecideCases } from '../api.js';
import { usePoll } from '../live.js';
import { SeverityBadge, StatusBadge } from '../components/Badges.js';
import { CaseStatusBadge, PatientName, RepeatBadge, UserName } from '../components/CaseBits.js';
import { EventTable } from '../components/EventTable.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { setFlash } from '../flash.js';
import { fmtTime, isoTime, plural } from '../format.js';
import { isTyping } from '../keys.js';
import { href, navigate, reportHref } from '../route.js';
import { CASE_VERDICTS } from '../types.js';
import type { AlertDetail, CaseDetail, CaseVerdict, PrivacyCase, StoredAlert } from '../types.js';

const VERDICT_TEXT: Record<CaseVerdict, { name: string; hint: string }> = {
  legitimate: {
    name: 'Legitimate',
    hint: 'The access had a valid reason. Similar alerts about this staff member and patient are suppressed.',
  },
  confirmed: {
    name: 'Confirmed violation',
    hint: 'The access was not justified. The staff member’s other cases score higher from now on.',
  },
};

/** The case page for `id`. */
export function CasePage({ id }: { id: string }) {
  const { data, error, loading } = usePoll(() => getCase(id), [id]);
  useEffect(() => {
    function onKey(e: KeyboardEvent): void {
      if (e.key === 'Escape' && !isTyping(e.target)) navigate(href('privacy'));
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <p className="crumbs">
        <a href={href('privacy')}>← Privacy cases</a> <span className="muted">(Esc)</span>
      </p>
      <LoadState error={error} loading={loading} hasData={data !== undefined} />
      {data && <CaseView c={data} />}
    </>
  );
}

function CaseView({ c }: { c: CaseDetail }) {
  return (
    <article className="alert-page" aria-labelledby="case-title">
      <header>
        <p className="eyebrow">
          <SeverityBadge severity={c.severity} /> <span className="score">score {Math.round(c.score)}</span>{' '}
          <CaseStatusBadge status={c.status} /> <RepeatBadge history={c.history} />
        </p>
        <h1 id="case-title">
          <UserName c={c} /> <span className="muted">·</span> <PatientName c={c} />
        </h1>
      </header>
      <section className="reasons" aria-labelledby="case-why">
        <h2 id="case-why">Why this case</h2>
        {c.reasons.length > 0 ? (
          <ul>
            {c.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
        ) : (
          <Empty>The alerts of this case give no reasons.</Empty>
        )}
      </section>
      <div className="grid two">
        <Card title="Details">
          <dl className="facts">
            <dt>Staff member</dt>
            <dd>
              <a className="entity" href={href('entities', 'user', c.user)}>
                {c.user}
              </a>
              {c.userName && <> ({c.userName})</>}
            </dd>
            <dt>Patient</dt>
            <dd>
              {c.patient ? (
                <>
                  <a className="entity" href={href('entities', 'patient', c.patient)}>
                    {c.patient}
                  </a>
                  {c.patientName && <> ({c.patientName})</>}
                  <div>
                    <a href={reportHref(c.patient)}>Patient access report</a>
                  </div>
                </>
              ) : (
                <span className="muted">Bulk access: no single patient</span>
              )}
            </dd>
            <dt>Detectors</dt>
            <dd>
              <span className="chips">
                {c.detectors.map((d) => (
                  <code key={d} className="chip">
                    {d}
                  </code>
                ))}
              </span>
            </dd>
            <dt>Period</dt>
            <dd>
              <time dateTime={isoTime(c.firstSeen)}>{fmtTime(c.firstSeen)}</time> –{' '}
              <time dateTime={isoTime(c.lastSeen)}>{fmtTime(c.lastSeen)}</time>
            </dd>
            <dt>Evidence</dt>
            <dd>
              {plural(c.accesses, 'access', 'accesses')} in {plural(c.alerts.length, 'alert')}
              {c.suppressedAlerts.length > 0 && (
                <>, {plural(c.suppressedAlerts.length, 'later alert')} suppressed by the decision</>
              )}
            </dd>
            <dt>Staff history</dt>
            <dd>
              {c.history.cases === 0
                ? 'No other cases'
                : `${plural(c.history.cases, 'other case')}: ${c.history.confirmed} confirmed, ${c.history.legitimate} legitimate`}
            </dd>
          </dl>
        </Card>
        <Card title="Decision">
          <Decision c={c} />
        </Card>
        <Card title={`Alerts (${c.alertDetails.length})`} wide>
          {c.alertDetails.length === 0 ? (
            <Empty>The alerts of this case are no longer stored.</Empty>
          ) : (
            <ol className="timeline">
              {c.alertDetails.map((a) => (
                <CaseAlert key={a.id} a={a} suppressed={c.suppressedAlerts.includes(a.id)} />
              ))}
            </ol>
          )}
        </Card>
        <Card title={`Other cases of ${c.userName ?? c.user} (${c.otherCases.length})`} wide>
          <OtherCases cases={c.otherCases} />
        </Card>
      </div>
    </article>
  );
}

/** One alert of the case: its reasons, and its evidence records on request. */
function CaseAlert({ a, suppressed }: { a: StoredAlert; suppressed: boolean }) {
  const [evidence, setEvidence] = useState<AlertDetail | string>();
  function load(open: boolean): void {
    if (!open || evidence !== undefined) return;
    getAlert(a.id).then(setEvidence, (err: unknown) =>
      setEvidence(err instanceof Error ? err.message : String(err)),
    );
  }
  return (
    <li>
      <time dateTime={isoTime(a.time)}>{fmtTime(a.time)}</time> <SeverityBadge severity={a.severity} />{' '}
      <span className="score">{Math.round(a.score)}</span> <a href={href('alerts', a.id)}>{a.title}</a>{' '}
      <StatusBadge status={a.status} />
      {suppressed && <span className="badge case-legitimate">Suppressed</span>}
      <ul className="small">
        {a.reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ul>
      {a.comment && <div className="muted small pre">“{a.comment}”</div>}
      <details onToggle={(e) => load(e.currentTarget.open)}>
        <summary>Evidence ({plural(a.events.length, 'record')})</summary>
        {evidence === undefined ? (
          <p className="muted">Loading…</p>
        ) : typeof evidence === 'string' ? (
          <p className="error">Could not load: {evidence}</p>
        ) : evidence.evidence.length > 0 ? (
          <EventTable events={evidence.evidence} caption={`Evidence of ${a.title}`} />
        ) : (
          <Empty>The evidence records are not in the store.</Empty>
        )}
      </details>
    </li>
  );
}

function OtherCases({ cases }: { cases: readonly PrivacyCase[] }) {
  if (cases.length === 0) return <Empty>This is the staff member’s only case.</Empty>;
  return (
    <div className="table-wrap">
      <table className="compact">
        <caption className="sr-only">Other cases of the same staff member</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col">Patient</th>
            <th scope="col">Detectors</th>
            <th scope="col">Last seen</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((o) => (
            <tr key={o.id}>
              <td className="num">
                <a href={href('privacy', o.id)}>{Math.round(o.score)}</a>
              </td>
              <td>
                <a href={href('privacy', o.id)}>
                  <PatientName c={o} />
                </a>
              </td>
              <td>{o.detectors.join(', ')}</td>
              <td>{fmtTime(o.lastSeen)}</td>
              <td>
                <CaseStatusBadge status={o.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The decisions so far and, for privacy officers and admins, the form to decide. */
function Decision({ c }: { c: CaseDetail }) {
  const [may, setMay] = useState<boolean>();
  const [verdict, setVerdict] = useState<CaseVerdict | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    let live = true;
    void mayDecideCases().then((yes) => live && setMay(yes));
    return () => {
      live = false;
    };
  }, []);

  async function submit(e: SyntheticEvent): Promise<void> {
    e.preventDefault();
    if (!verdict) return setMessage('Choose legitimate or confirmed.');
    if (!reason.trim()) return setMessage('Write why: the reason is kept with the decision.');
    setBusy(true);
    setMessage(undefined);
    try {
      await decideCase(c.id, verdict, reason.trim());
      setFlash(`Marked the case of ${c.userName ?? c.user} as ${VERDICT_TEXT[verdict].name.toLowerCase()}.`);
      navigate(href('privacy'));
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <div className="triage">
      {c.decisions.length === 0 ? (
        <p className="muted">Not decided yet.</p>
      ) : (
        <ol className="timeline" aria-label="Decisions">
          {c.decisions.map((d, i) => (
            <li key={i}>
              <time dateTime={isoTime(d.time)}>{fmtTime(d.time)}</time> <strong>{d.actor}</strong> decided{' '}
              <CaseStatusBadge status={d.verdict} />
              <div className="pre muted">“{d.reason}”</div>
            </li>
          ))}
        </ol>
      )}
      {may === false && <p className="muted">Only privacy officers and administrators decide cases.</p>}
      {may && (
        <form className="decide" onSubmit={(e) => void submit(e)} aria-label="Decide this case">
          <fieldset disabled={busy}>
            <legend>{c.status === 'open' ? 'Decide this case' : 'Change the decision'}</legend>
            <div className="radios" role="radiogroup" aria-label="Verdict">
              {CASE_VERDICTS.map((v) => (
                <label key={v} className="radio">
                  <input
                    type="radio"
                    name="case-verdict"
                    value={v}
                    checked={verdict === v}
                    onChange={() => setVerdict(v)}
                    aria-describedby={`verdict-${v}-hint`}
                  />
                  {VERDICT_TEXT[v].name}
                </label>
              ))}
            </div>
            {CASE_VERDICTS.map((v) => (
              <p key={v} id={`verdict-${v}-hint`} className="muted small" hidden={verdict !== v}>
                {VERDICT_TEXT[v].hint}
              </p>
            ))}
            <label htmlFor="case-reason">Reason</label>
            <textarea
              id="case-reason"
              rows={3}
              maxLength={2000}
              required
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
            <button type="submit" className="primary">
              Record decision
            </button>
          </fieldset>
        </form>
      )}
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
