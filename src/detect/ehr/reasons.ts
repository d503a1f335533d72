/** Shared reason sentences: what the context says about the user's care of the patient. */
import { fmtSpan } from '../wording.js';
import type { Access } from './access.js';

/** "no treatment relationship in the last 180 days" or, when care ended earlier, when and how it ended. */
export function careReason(a: Access): string {
  if (a.explanation) return `the only relationship found is weak: ${a.explanation.text}`;
  let last: { end: number; text: string } | undefined;
  for (const l of a.ctx.careLinks(a.user, a.patient)) {
    const end = l.end ?? l.start;
    if (end !== undefined && end <= a.time && (!last || end > last.end))
      last = { end, text: `${l.role} on ${l.via}` };
  }
  if (!last)
    return 'no treatment relationship (encounter, care team, unit, or order, registration or billing role) explains the access';
  return `no treatment relationship since the care as ${last.text} ended ${fmtSpan(a.time - last.end)} before`;
}
