/**
 * Privacy cases: EHR privacy alerts grouped per staff member and patient, scored, highest first, for a privacy
 * officer's review. Filters live in the address; j/k/Enter/Esc move through the list as in the alert queue.
 */
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { listCases } from '../api.js';
import { usePoll } from '../live.js';
import { SeverityBadge } from '../components/Badges.js';
import { CaseStatusBadge, RepeatBadge, UserName, PatientName } from '../components/CaseBits.js';
import { LiveNote } from '../components/Live.js';
import { Empty, LoadState } from '../components/States.js';
import { fmtTime, isoTime, label, plural } from '../format.js';
import { useRowKeys } from '../keys.js';
import { takeFlash } from '../flash.js';
import { href, navigate, navigateWithParam } from '../route.js';
import { CASE_STATUSES } from '../types.js';
import type { PrivacyCase } from '../types.js';

/** Cases fetched per view. */
const CASES_SHOWN = 500;

/** The case list page. */
export function PrivacyCases({ params }: { params: URLSearchParams }) {
  const status = params.get('status') ?? 'open';
  const user = params.get('user') ?? '';
  const patient = params.get('patient') ?? '';
  const minScore = params.get('minScore') ?? '';
  const { data, error, loading, updatedAt } = usePoll(
    () =>
      listCases({
        status: status === 'all' ? undefined : status,
        user: user || undefined,
        patient: patient || undefined,
        minScore: minScore ? Number(minScore) : undefined,
        limit: CASES_SHOWN,
      }),
    [status, user, patient, minScore],
  );
  const [flash] = useState(takeFlash);
  const items = useMemo(() => data?.items ?? [], [data]);
  const ids = useMemo(() => items.map((c) => c.id), [items]);
  const { selectedId, setSelectedId, rowRef } = useRowKeys(ids, (id) => navigate(href('privacy', id)));

  const setParam = (key: string, value: string): void => navigateWithParam('privacy', params, key, value);

  return (
    <>
      <div className="page-head">
        <h1>Privacy cases</h1>
        <LiveNote updatedAt={updatedAt} />
      </div>
      {flash && (
        <p className="ok" role="status">
          {flash}
        </p>
      )}
      <p className="lead">
        EHR privacy alerts gathered per staff member and patient, highest score first. A repeat badge marks
        staff with other cases. Open a case to read why, see the evidence and decide it.
      </p>
      <form className="filters" aria-label="Filter cases" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status" id="c-status">
          <select id="c-status" value={status} onChange={(e) => setParam('status', e.target.value || 'all')}>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
            <option value="all">All</option>
          </select>
        </Field>
        <Field label="Minimum score" id="c-min">
          <select id="c-min" value={minScore} onChange={(e) => setParam('minScore', e.target.value)}>
            <option value="">Any</option>
            {[25, 50, 75, 90].map((n) => (
              <option key={n} value={n}>
                {n}+
              </option>
            ))}
          </select>
        </Field>
        <Field label="Staff member" id="c-user" grow>
          <input
            id="c-user"
            defaultValue={user}
            key={`u${user}`}
            placeholder="e.g. Practitioner/p123"
            onBlur={(e) => e.target.value.trim() !== user && setParam('user', e.target.value.trim())}
            onKeyDown={(e) => e.key === 'Enter' && setParam('user', e.currentTarget.value.trim())}
          />
        </Field>
        <Field label="Patient" id="c-patient" grow>
          <input
            id="c-patient"
            defaultValue={patient}
            key={`p${patient}`}
            placeholder="e.g. Patient/8841"
            onBlur={(e) => e.target.value.trim() !== patient && setParam('patient', e.target.value.trim())}
            onKeyDown={(e) => e.key === 'Enter' && setParam('patient', e.currentTarget.value.trim())}
          />
        </Field>
      </form>
      <p className="muted hint" id="cases-keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> opens, <kbd>Esc</kbd> clears the selection.
      </p>
      <LoadState error={error} loading={loading} hasData={data !== undefined} />
      {data && items.length === 0 && (
        <Empty>
          {status === 'open' && !user && !patient && !minScore
            ? 'No open privacy cases. They appear here when Ward finds EHR accesses to review.'
            : 'No cases match these filters.'}
        </Empty>
      )}
      {data && items.length > 0 && (
        <>
          <p className="muted" role="status">
            {items.length === data.total
              ? plural(data.total, 'case')
              : `Showing ${items.length} of ${data.total} cases`}
          </p>
          <div className="table-wrap">
            <table className="queue" aria-describedby="cases-keys">
              <caption className="sr-only">Privacy cases</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Score
                  </th>
                  <th scope="col">Severity</th>
                  <th scope="col">Staff member</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Detectors</th>
                  <th scope="col" className="num">
                    Accesses
                  </th>
                  <th scope="col">Last seen</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <CaseRow
                    key={c.id}
                    c={c}
                    selected={c.id === selectedId}
                    rowRef={rowRef(c.id)}
                    onSelect={() => setSelectedId(c.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

function CaseRow(props: {
  c: PrivacyCase;
  selected: boolean;
  rowRef: (el: HTMLTableRowElement | null) => void;
  onSelect: () => void;
}) {
  const { c, selected } = props;
  const open = (): void => navigate(href('privacy', c.id));
  return (
    <tr
      ref={props.rowRef}
      className={selected ? 'selected' : undefined}
      aria-current={selected ? true : undefined}
      tabIndex={-1}
      onClick={open}
      onFocus={props.onSelect}
    >
      <td className="num">
        <strong>{Math.round(c.score)}</strong>
      </td>
      <td>
        <SeverityBadge severity={c.severity} />
      </td>
      <td>
        <a href={href('privacy', c.id)} onClick={(e) => e.stopPropagation()}>
          <UserName c={c} />
        </a>{' '}
        <RepeatBadge history={c.history} />
      </td>
      <td>
        <PatientName c={c} />
      </td>
      <td>
        <span className="chips">
          {c.detectors.map((d) => (
            <code key={d} className="chip">
              {d}
            </code>
          ))}
        </span>
      </td>
      <td className="num">{c.accesses}</td>
      <td>
        <time dateTime={isoTime(c.lastSeen)}>{fmtTime(c.lastSeen)}</time>
      </td>
      <td>
        <CaseStatusBadge status={c.status} />
      </td>
    </tr>
  );
}

function Field(props: { label: string; id: string; grow?: boolean; children: ReactNode }) {
  return (
    <div className={props.grow ? 'field grow' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
    </div>
  );
}
