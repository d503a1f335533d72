/** Small EHR access corpora for the shared detector conformance suite (no context needed to alert). */
import type { WardEvent } from '../../model/index.js';

function access(id: string, time: number, user: string, patient: string, purpose: string): WardEvent {
  return {
    id,
    source: 'conformance',
    format: 'fhir-audit-event',
    class: 'ehr_access',
    time,
    user,
    patient,
    action: 'read',
    resource: `Observation/${id}`,
    purpose,
    outcome: 'success',
  };
}

/** A break-glass access with no emergency context and a 40-chart browsing burst, from `start` (epoch ms). */
export function ehrCorpus(start: number): WardEvent[] {
  const out: WardEvent[] = [access('ehr-btg-1', start, 'Practitioner/c1', 'Patient/c-9', 'BTG')];
  for (let i = 0; i < 40; i++)
    out.push(
      access(`ehr-bulk-${i}`, start + 60_000 + i * 30_000, 'Practitioner/c2', `Patient/c-${i}`, 'TREAT'),
    );
  return out;
}
