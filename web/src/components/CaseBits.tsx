/** Small pieces of privacy case views: status chip, repeat-offender badge, staff and patient names. */
import type { CaseStatus, PrivacyCase } from '../types.js';
import { label, plural } from '../format.js';

/** Case status as a chip: open, legitimate, confirmed. */
export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return <span className={`badge case-${status}`}>{label(status)}</span>;
}

/** "Repeat: 2 other cases, 1 confirmed" when the same staff member has other cases; nothing otherwise. */
export function RepeatBadge({ history }: { history: PrivacyCase['history'] }) {
  if (history.cases === 0) return null;
  const text = `Repeat: ${plural(history.cases, 'other case')}${
    history.confirmed ? `, ${history.confirmed} confirmed` : ''
  }`;
  return <span className={history.confirmed ? 'badge repeat confirmed' : 'badge repeat'}>{text}</span>;
}

/** The staff member's name with their identifier, or the identifier alone. */
export function UserName({ c }: { c: Pick<PrivacyCase, 'user' | 'userName'> }) {
  if (!c.userName) return <span className="entity">{c.user}</span>;
  return (
    <>
      {c.userName} <span className="entity muted small">{c.user}</span>
    </>
  );
}

/** The patient's (masked) name with their reference; bulk cases name no patient. */
export function PatientName({ c }: { c: Pick<PrivacyCase, 'patient' | 'patientName'> }) {
  if (!c.patient) return <span className="muted">Bulk access (many patients)</span>;
  return (
    <>
      {c.patientName && <>{c.patientName} </>}
      <span className={c.patientName ? 'entity muted small' : 'entity'}>{c.patient}</span>
    </>
  );
}
