/**
 * auth.dormant_account: an account that had been inactive logs on again — former staff accounts left
 * enabled are a favourite entry point.
 *
 * Finds: a successful logon, Kerberos ticket or NTLM validation of an account whose last authentication activity seen in the stream was at least
 * `dormantDays` earlier; and an account logging on for the first time once the learning period has passed,
 * unless its creation was seen (create_and_use covers that) and once the stream holds a full week — every
 * weekly rota has come round, so an account first seen later was not merely off (nurses work three shifts a
 * week; an independent generator found a day of history made every second nurse "dormant"). That form scores
 * 40: staff back from leave and new hires look the same. One alert per account per dormancy. With a staff
 * context, any use of the account of a person the directory lists as no longer active (FHIR Practitioner.active
 * false) is reported at once, whatever the history (once a week per account): the leaver's account nobody
 * disabled.
 *
 * Evidence: the logon record.
 *
 * Misses: an account used during the learning period; an attacker using the account through a source that is not logged.
 *
 * False positives: staff returning from long leave, seasonal or rarely used accounts (on-call, audit,
 * break-glass), accounts first seen because a new log source was added.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtSpan } from '../wording.js';
import { accountKey, DAY, iso, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.dormant_account. */
export const DORMANT_ACCOUNT: DetectorMeta = {
  id: 'auth.dormant_account',
  title: 'Dormant account used again',
  category: 'identity',
  attack: ['T1078', 'T1078.002'],
  needs: ['authentication'],
  scorePolicy:
    '75 for the account of a person the staff directory lists as inactive; 70 after dormantDays of silence; 40 for an account first seen after a week of history',
  falsePositives: ['return from long leave', 'rarely used accounts', 'a newly added log source'],
  blindSpots: ['accounts used during the learning period'],
  maturity: 'experimental',
};

/** History after which an account seen for the first time is reported: a full weekly rota. */
const LONG_HISTORY = 7 * DAY;
/** Successful actions that are use of the account (a Kerberos TGT is already use, before any logon). */
const USE_ACTIONS = new Set([
  'logon',
  'tgt_request',
  'service_ticket',
  'credential_validation',
  'explicit_logon',
]);
/** Most accounts remembered (about 2 MB of state). */
const MAX_ACCOUNTS = 100_000;

/** The part detecting dormant accounts used again. */
export function dormantAccount(): IdentityPart {
  let last = new Map<string, number>();
  let created = new Set<string>();
  /** Accounts of leavers reported → when (once a week each). */
  let leavers = new Map<string, number>();
  return {
    meta: DORMANT_ACCOUNT,
    handle(e: WardEvent, ctx, emit) {
      if (e.class !== 'authentication') return;
      if (e.action === 'account_created') {
        const c = accountKey(e.resource);
        if (c !== undefined && created.size < MAX_ACCOUNTS) created.add(c);
        return;
      }
      if (e.outcome !== 'success') return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      const prev = last.get(key);
      if (prev === undefined && last.size >= MAX_ACCOUNTS) return;
      last.set(key, Math.max(prev ?? 0, e.time));
      if (!USE_ACTIONS.has(e.action ?? '')) return;
      // A leaver's account needs no baseline: the directory already says nobody should use it.
      if (ctx.leaver(key)) {
        const told = leavers.get(key);
        if (told !== undefined && e.time - told < 7 * DAY) return;
        leavers.set(key, e.time);
        emit(
          partAlert(DORMANT_ACCOUNT, {
            score: 75,
            title: `Account of a leaver ${e.user ?? key} used`,
            reasons: [
              `${e.user ?? key} ${e.action === 'logon' ? 'logged on' : `authenticated (${e.action ?? ''})`} at ${iso(e.time)}${e.host ? ` on ${e.host}` : ''}${e.srcIp ? ` from ${e.srcIp}` : ''}`,
              'the staff directory lists this person as no longer active (FHIR Practitioner.active = false), yet the account still authenticates: it should have been disabled',
            ],
            entities: { user: key, host: e.host, srcIp: e.srcIp },
            events: [e.id],
            time: e.time,
          }),
        );
        return;
      }
      if (!ctx.learned(e.time)) return;
      const history = e.time - ctx.start;
      let reason: string;
      let score: number;
      if (prev !== undefined) {
        // Silence from before the stream's current history (a gap in the logs) says nothing.
        if (e.time - prev < ctx.cfg.dormantDays * DAY || prev < ctx.start) return;
        score = 70;
        reason = `its previous activity was at ${iso(prev)}, ${fmtSpan(e.time - prev)} earlier (dormant after ${ctx.cfg.dormantDays} days)`;
      } else {
        if (created.has(key) || history < LONG_HISTORY) return;
        score = 40;
        reason = `no activity of this account in ${fmtSpan(history)} of history (since ${iso(ctx.start)}), and its creation was not seen`;
      }
      emit(
        partAlert(DORMANT_ACCOUNT, {
          score,
          title: `Dormant account ${e.user ?? key} logged on`,
          reasons: [
            `${e.user ?? key} ${e.action === 'logon' ? 'logged on' : `authenticated (${e.action ?? ''})`} at ${iso(e.time)}${e.host ? ` on ${e.host}` : ''}${e.srcIp ? ` from ${e.srcIp}` : ''}`,
            reason,
          ],
          entities: { user: key, host: e.host, srcIp: e.srcIp },
          events: [e.id],
          time: e.time,
        }),
      );
    },
    snapshot: () => ({ last: [...last], created: [...created], leavers: [...leavers] }),
    restore(s) {
      const st = s as { last?: [string, number][]; created?: string[]; leavers?: [string, number][] };
      last = new Map(st.last ?? []);
      created = new Set(st.created ?? []);
      leavers = new Map(st.leavers ?? []);
    },
  };
}
