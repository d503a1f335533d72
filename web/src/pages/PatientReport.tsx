/**
 * Patient access report: every access to one patient's record in a period, with who, when, what, the explanation
 * Ward found (or "No explanation found") and the risk of the alerts citing it. Download as CSV or HTML, or print
 * the page (print stylesheet) to paper or PDF. Each load is logged by the server as an access to PHI, so the
 * report is fetched once per request, never polled.
 */
import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { ApiError, download, getPatientReport, listCases, reportPath } from '../api.js';
import type { ReportQuery } from '../api.js';
import { useOnce } from '../live.js';
import { Card, Empty, LoadState } from '../components/States.js';
import { fmtCount, fmtTime, isoTime, label } from '../format.js';
import { href, navigate } from '../route.js';
import type { PatientReport, ReportRow } from '../types.js';

const DAY_MS = 86_400_000;

/** The report's period as ISO bounds from `YYYY-MM-DD` dates (UTC, `to` inclusive). */
export function periodOf(from: string, to: string): { from?: string; to?: string } {
  const ok = (d: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d));
  return {
    ...(ok(from) ? { from: `${from}T00:00:00.000Z` } : {}),
    ...(ok(to) ? { to: new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString() } : {}),
  };
}

async function load(q: ReportQuery | undefined): Promise<PatientReport | undefined> {
  if (!q) return undefined;
  try {
    return await getPatientReport(q);
  } catch (err) {
    if (err instanceof ApiError && err.status === 403)
      throw new Error('Only privacy officers and administrators may see patient access reports.', {
        cause: err,
      });
    if (err instanceof ApiError && err.status === 404)
      throw new Error('This server does not offer the patient access report.', { cause: err });
    throw err;
  }
}

/** Patients named by recent cases, offered while typing. */
async function casePatients(): Promise<string[]> {
  try {
    const cases = await listCases({ limit: 200 });
    return [...new Set(cases.items.flatMap((c) => (c.patient ? [c.patient] : [])))].sort();
  } catch {
    return [];
  }
}

/** The report page; patient and period live in the address (`#/reports?patient=Patient/1&from=…&to=…`). */
export function PatientReportPage({ params }: { params: URLSearchParams }) {
  const patient = params.get('patient') ?? '';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const [draft, setDraft] = useState({ patient, from, to });
  const [shown, setShown] = useState({ patient, from, to });
  if (shown.patient !== patient || shown.from !== from || shown.to !== to) {
    // Navigated (Back, a link from a case): the form follows the address.
    setShown({ patient, from, to });
    setDraft({ patient, from, to });
  }
  const q: ReportQuery | undefined = patient ? { patient, ...periodOf(from, to) } : undefined;
  const report = useOnce(() => load(q), [patient, from, to]);
  const suggestions = useOnce(casePatients, []);

  function submit(e: SyntheticEvent): void {
    e.preventDefault();
    const next = new URLSearchParams();
    if (draft.patient.trim()) next.set('patient', draft.patient.trim());
    if (draft.from) next.set('from', draft.from);
    if (draft.to) next.set('to', draft.to);
    if (next.toString() === params.toString()) report.reload();
    else navigate(`${href('reports')}?${next.toString()}`);
  }

  return (
    <>
      <div className="page-head">
        <h1>Patient access report</h1>
      </div>
      <p className="lead no-print">
        Every access to one patient’s record, with the explanation Ward found for it. Opening a report is
        recorded as an access to patient data.
      </p>
      <form className="filters no-print" aria-label="Choose the patient and period" onSubmit={submit}>
        <div className="field grow">
          <label htmlFor="r-patient">Patient reference</label>
          <input
            id="r-patient"
            value={draft.patient}
            list="r-patients"
            required
            autoComplete="off"
            placeholder="e.g. Patient/8841"
            onChange={(e) => setDraft({ ...draft, patient: e.target.value })}
          />
          <datalist id="r-patients">
            {(suggestions.data ?? []).map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="r-from">From (UTC date)</label>
          <input
            id="r-from"
            type="date"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="r-to">To (UTC date, included)</label>
          <input
            id="r-to"
            type="date"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </div>
        <button type="submit" className="primary">
          Show report
        </button>
      </form>
      {!q && <Empty>Type a patient reference, or open the report from a privacy case.</Empty>}
      {q && <LoadState error={report.error} loading={report.loading} hasData={report.data !== undefined} />}
      {q && report.data && <ReportView report={report.data} q={q} />}
    </>
  );
}

function ReportView({ report: r, q }: { report: PatientReport; q: ReportQuery }) {
  const [message, setMessage] = useState<string>();
  const unexplained = r.summary.accesses - r.summary.explained;

  function save(format: 'csv' | 'html'): void {
    setMessage(undefined);
    download(reportPath(q, format), `patient-access.${format}`).catch((err: unknown) =>
      setMessage(err instanceof Error ? err.message : String(err)),
    );
  }

  return (
    <section className="report" aria-labelledby="report-title">
      <h2 id="report-title" className="report-title">
        {r.patientName ? `${r.patientName} · ` : ''}
        <span className="entity">{r.patient}</span>
      </h2>
      <p className="muted">
        {r.from || r.to ? (
          <>
            Accesses {r.from ? <>from {fmtTime(r.from)} </> : ''}
            {r.to ? <>until {fmtTime(r.to)}</> : ''}
          </>
        ) : (
          'All stored accesses'
        )}{' '}
        · generated {fmtTime(r.generatedAt)} for {r.generatedBy}
      </p>
      <div className="actions no-print">
        <button type="button" onClick={() => save('csv')}>
          Download CSV
        </button>
        <button type="button" onClick={() => save('html')}>
          Download HTML
        </button>
        <button type="button" onClick={() => window.print()}>
          Print / Save as PDF
        </button>
      </div>
      {message && (
        <p className="error" role="alert">
          {message}
        </p>
      )}
      <ul className="counters" aria-label="Report summary">
        <Stat name="Accesses" value={r.summary.accesses} />
        <Stat name="Explained" value={r.summary.explained} />
        <Stat name="Not explained" value={unexplained} />
        <Stat name="Staff members" value={r.summary.users} />
        <Stat name="Flagged by alerts" value={r.summary.flagged} />
      </ul>
      <Card title={`Accesses (${r.rows.length})`} wide>
        {r.rows.length === 0 ? (
          <Empty>No stored access to this patient’s record in this period.</Empty>
        ) : (
          <ReportTable rows={r.rows} />
        )}
      </Card>
    </section>
  );
}

function Stat({ name, value }: { name: string; value: number }) {
  return (
    <li className="counter">
      <div>
        <span className="counter-value">{fmtCount(value)}</span>
        <span className="counter-name">{name}</span>
      </div>
    </li>
  );
}

function ReportTable({ rows }: { rows: readonly ReportRow[] }) {
  return (
    <div className="table-wrap">
      <table className="report-table">
        <caption className="sr-only">Accesses to the patient’s record</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Who</th>
            <th scope="col">Role</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Purpose</th>
            <th scope="col">Explanation</th>
            <th scope="col">Alerts</th>
            <th scope="col" className="num">
              Risk
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.source}|${row.accessId}`} className={row.risk > 0 ? 'flagged' : undefined}>
              <td>
                <time dateTime={isoTime(row.time)}>{fmtTime(row.time)}</time>
              </td>
              <td>
                {row.userName && <div>{row.userName}</div>}
                <a className="entity small" href={href('entities', 'user', row.user)}>
                  {row.user}
                </a>
              </td>
              <td>
                {row.role ?? ''}
                {row.department && <div className="muted small">{row.department}</div>}
              </td>
              <td>{row.action ?? ''}</td>
              <td>{row.resource ?? ''}</td>
              <td>{row.purpose ?? ''}</td>
              <td>
                {row.explained ? (
                  <>
                    {row.explanation ?? 'Explained'}
                    {row.explanationKind && <div className="muted small">{label(row.explanationKind)}</div>}
                  </>
                ) : (
                  <span className="unexplained">No explanation found</span>
                )}
              </td>
              <td>
                {row.alerts.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <span className="chips">
                    {row.alerts.map((id, i) => (
                      <a key={id} className="chip" href={href('alerts', id)}>
                        alert {i + 1}
                        <span className="sr-only"> citing this access</span>
                      </a>
                    ))}
                  </span>
                )}
              </td>
              <td className="num">{row.risk > 0 ? <strong>{row.risk}</strong> : '0'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
