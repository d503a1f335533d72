/**
 * ehr.vip — staff without a care role open a VIP or celebrity chart, or many staff open one chart at once.
 * Finds: (1) an unexplained access to a chart with a VIP-type security label (v2 0099 `VIP`, v3 ActCode `CEL`,
 * v3 Confidentiality `V`); (2) a spike: at least SPIKE_USERS different users without an explanation opening the
 * same chart within SPIKE_WINDOW — the pattern of a famous patient admitted overnight even without a label.
 * Evidence: Patient.meta.security, per-chart distinct unexplained users; explanation.
 * Misses: a single curious look at an unlabelled famous patient (no label, no spike).
 * False positives: unlisted consults and support staff on labelled charts; mass-casualty events.
 */
import { fmtSpan } from '../wording.js';
import { ehrMeta, staffName, type EhrCheck } from './access.js';
import { careReason } from './reasons.js';

const LABELS: Record<string, string> = { VIP: 'VIP', CEL: 'celebrity', V: 'very restricted' };
/** Distinct unexplained users on one chart that make a spike; normal charts rarely see more than two or three. */
export const SPIKE_USERS = 8;
export const SPIKE_WINDOW = 6 * 3_600_000;

/** A spike spreads across the hospital: a team working together (IT support, one unit's cover) stays in one or two. */
export const SPIKE_DEPTS = 3;

/** Charts remembered before the ones with no access in the spike window are dropped. */
const SWEEP_AT = 50_000;

interface Seen {
  user: string;
  dept: string;
  time: number;
  id: string;
  name: string;
  /** Already reported as part of a spike. */
  spiked?: boolean;
}

/** ehr.vip: create with fresh per-chart spike state. */
export function createVipCheck(): EhrCheck {
  let recent = new Map<string, Seen[]>();
  let sweepAt = SWEEP_AT;
  return {
    meta: ehrMeta({
      id: 'ehr.vip',
      title: 'VIP or celebrity chart opened without a care role',
      scorePolicy: '70 for a labelled chart, 65 for a spike on an unlabelled one; +10 when both',
      falsePositives: ['unlisted consults and support staff on labelled charts', 'mass-casualty events'],
      blindSpots: ['a single look at an unlabelled famous patient'],
    }),
    check(a, emit) {
      if (a.explanation) return;
      const label = a.pat?.labels.find((l) => LABELS[l] !== undefined);
      const key = a.ctx.patientRef(a.patient);
      const list = (recent.get(key) ?? []).filter(
        (s) => a.time - s.time <= SPIKE_WINDOW && s.user !== a.user,
      );
      const dept = a.staff?.orgs[0] ?? a.staff?.roles[0] ?? a.user;
      list.push({ user: a.user, dept, time: a.time, id: a.id, name: staffName(a) });
      recent.set(key, list);
      if (recent.size > sweepAt) {
        for (const [k, v] of recent) if (v.every((s) => a.time - s.time > SPIKE_WINDOW)) recent.delete(k);
        // When most charts are still in the window, sweep again only after the map has doubled: one sweep
        // per access would cost quadratic time.
        sweepAt = Math.max(SWEEP_AT, 2 * recent.size);
      }
      const depts = new Set(list.map((x) => x.dept)).size;
      const spike = list.length >= SPIKE_USERS && depts >= SPIKE_DEPTS;
      if (!label && !spike) return;
      const reasons: string[] = [];
      if (label)
        reasons.push(
          `${staffName(a)} viewed the chart of a patient labelled ${LABELS[label] ?? label} (${label})`,
        );
      if (spike)
        reasons.push(
          `${list.length} different staff of ${depts} departments, none with a care role, opened this chart within ${fmtSpan(a.time - (list[0]?.time ?? a.time))}`,
        );
      reasons.push(careReason(a));
      const score = label && spike ? 80 : label ? 70 : 65;
      const title = 'VIP or celebrity chart opened without a care role';
      if (spike) {
        // The spike became visible now: the earlier users of the spike not yet reported are part of it too.
        for (const s of list) {
          if (s.spiked === true || s.id === a.id) {
            s.spiked = true;
            continue;
          }
          s.spiked = true;
          emit({
            detector: 'ehr.vip',
            score,
            title,
            reasons: [
              `${s.name} was one of ${list.length} staff of ${depts} departments without a care role who opened this chart within ${fmtSpan(a.time - (list[0]?.time ?? a.time))}`,
              ...(label ? [`the patient is labelled ${LABELS[label] ?? label} (${label})`] : []),
            ],
            user: s.user,
            events: [s.id],
            time: s.time,
          });
        }
      }
      emit({ detector: 'ehr.vip', score, title, reasons });
    },
    snapshot: () => [...recent],
    restore(state) {
      recent = new Map(state as [string, Seen[]][]);
    },
  };
}
