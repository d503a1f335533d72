/**
 * auth.asrep_roast: a Kerberos TGT issued without pre-authentication — the reply is encrypted with the
 * account's password key and can be cracked offline (AS-REP roasting).
 *
 * Finds: Windows 4768 with success status and PreAuthType 0 (no pre-authentication). One alert per account
 * and requesting address per week, so an account that legitimately lacks pre-authentication and logs on
 * from the same machine every day is reported once, not every day; several such accounts from one address
 * within an hour raise the score (a tool walking a list).
 *
 * Evidence: the 4768 records of that address in the hour.
 *
 * Misses: roasting against a DC that is not audited; a 4768 without the PreAuthType field.
 *
 * False positives: legacy Kerberos clients or appliances on accounts configured with "Do not require
 * Kerberos preauthentication" (which is itself worth fixing).
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { accountKey, DAY, HOUR, iso, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.asrep_roast. */
export const ASREP_ROAST: DetectorMeta = {
  id: 'auth.asrep_roast',
  title: 'Kerberos ticket issued without pre-authentication (AS-REP roasting)',
  category: 'identity',
  attack: ['T1558.004'],
  needs: ['authentication'],
  scorePolicy: '70 for one account, +10 per further account from the same address within the hour, up to 95',
  falsePositives: ['legacy clients on accounts without pre-authentication'],
  blindSpots: ['DCs without 4768 auditing', '4768 without PreAuthType'],
  maturity: 'experimental',
};

interface St {
  /** `account|address` → time of the last alert. */
  seen: Record<string, number>;
  /** address → recent no-preauth tickets [time, account, id]. */
  recent: Record<string, [number, string, string][]>;
}

/** The part detecting AS-REP roasting. */
export function asrepRoast(): IdentityPart {
  let st: St = { seen: {}, recent: {} };
  return {
    meta: ASREP_ROAST,
    handle(e: WardEvent, _ctx, emit) {
      if (e.class !== 'authentication' || e.action !== 'tgt_request' || e.outcome !== 'success') return;
      if (e.attrs?.preAuthType !== '0') return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      const src = e.srcIp ?? e.host ?? 'unknown';
      const recent = (st.recent[src] ?? []).filter((r) => e.time - r[0] <= HOUR);
      if (recent.length < 200) recent.push([e.time, key, e.id]);
      st.recent[src] = recent;
      const pair = `${key}|${src}`;
      const last = st.seen[pair];
      if (last !== undefined && e.time - last < 7 * DAY) return;
      st.seen[pair] = e.time;
      const accounts = [...new Set(recent.map((r) => r[1]))];
      emit(
        partAlert(ASREP_ROAST, {
          score: Math.min(95, 70 + 10 * (accounts.length - 1)),
          title: `${e.user ?? key} got a Kerberos ticket without pre-authentication`,
          reasons: [
            `${e.user ?? key} was issued a TGT without pre-authentication (4768, PreAuthType 0${e.encryption ? `, encryption ${e.encryption}` : ''}) at ${iso(e.time)}${e.srcIp ? ` for ${e.srcIp}` : ''}`,
            'a reply without pre-authentication can be cracked offline for the password',
            accounts.length > 1
              ? `${accounts.length} accounts got such tickets from the same address within an hour: ${accounts.slice(0, 8).join(', ')}`
              : 'first such ticket for this account from this address in the past week',
          ],
          entities: { user: key, srcIp: e.srcIp, host: e.host },
          events: recent.map((r) => r[2]),
          time: e.time,
        }),
      );
    },
    snapshot: () => st,
    restore(s) {
      st = JSON.parse(JSON.stringify(s ?? { seen: {}, recent: {} })) as St;
    },
  };
}
