/**
 * auth.create_and_use: an account is created and logs on soon after — attackers create an account for
 * persistence and use it at once, while onboarding usually leaves a gap of days.
 *
 * Finds: an account creation (Windows 4720, useradd) followed by a successful logon of that account within
 * `createUseHours`. Score rises when the logon follows within an hour, is a network or remote logon, or the
 * creator had never created an account before in the observed history. One alert per created account.
 *
 * Evidence: the creation record and the logon.
 *
 * Misses: an account used after the window; accounts created where creation is not audited; a created
 * account that is only used through Kerberos tickets without a logon event on an audited host.
 *
 * False positives: same-day onboarding (a new starter logs on right after the helpdesk creates the account),
 * test accounts, service accounts created by installers.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtSpan } from '../wording.js';
import { accountKey, HOUR, iso, isSuccessLogon, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.create_and_use. */
export const CREATE_AND_USE: DetectorMeta = {
  id: 'auth.create_and_use',
  title: 'Account created and used soon after',
  category: 'identity',
  attack: ['T1136.001', 'T1136.002', 'T1078'],
  needs: ['authentication'],
  scorePolicy:
    '55, +15 when the logon follows within an hour, +10 for a network or remote logon, +10 when the creator never created an account before',
  falsePositives: ['same-day onboarding', 'test and installer-created service accounts'],
  blindSpots: ['use after the window', 'creation not audited'],
  maturity: 'experimental',
};

interface Created {
  t: number;
  id: string;
  by?: string;
  byNew: boolean;
  host?: string;
}
interface St {
  created: Map<string, Created>;
  creators: string[];
}

/** The part detecting create-and-use. */
export function createAndUse(): IdentityPart {
  let st: St = { created: new Map(), creators: [] };
  return {
    meta: CREATE_AND_USE,
    handle(e: WardEvent, ctx, emit) {
      if (e.class !== 'authentication') return;
      if (e.action === 'account_created') {
        const key = accountKey(e.resource);
        if (key === undefined) return;
        const by = accountKey(e.user);
        const byNew = by !== undefined && !st.creators.includes(by) && ctx.learned(e.time);
        if (by !== undefined && !st.creators.includes(by) && st.creators.length < 1000) st.creators.push(by);
        const c: Created = { t: e.time, id: e.id, byNew };
        if (e.user !== undefined) c.by = e.user;
        if (e.host !== undefined) c.host = e.host;
        st.created.set(key, c);
        return;
      }
      if (!isSuccessLogon(e)) return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      const c = st.created.get(key);
      if (c === undefined) return;
      const gap = e.time - c.t;
      if (gap > ctx.cfg.createUseHours * HOUR || gap < 0) {
        if (gap > ctx.cfg.createUseHours * HOUR) st.created.delete(key);
        return;
      }
      st.created.delete(key);
      const remote = e.logonType === 3 || e.logonType === 10 || e.attrs?.gateway !== undefined;
      const score = 55 + (gap <= HOUR ? 15 : 0) + (remote ? 10 : 0) + (c.byNew ? 10 : 0);
      emit(
        partAlert(CREATE_AND_USE, {
          score,
          title: `${e.user ?? key} logged on ${fmtSpan(gap)} after the account was created`,
          reasons: [
            `account ${key} was created at ${iso(c.t)} by ${c.by ?? 'an unnamed account'}${c.host ? ` on ${c.host}` : ''}`,
            `it logged on at ${iso(e.time)}${e.host ? ` on ${e.host}` : ''}${e.srcIp ? ` from ${e.srcIp}` : ''}${e.logonType !== undefined ? ` (logon type ${e.logonType})` : ''}, ${fmtSpan(gap)} later`,
            ...(c.byNew
              ? [`${c.by ?? 'the creator'} had not created an account before in the observed history`]
              : []),
          ],
          entities: { user: key, actor: c.by, host: e.host, srcIp: e.srcIp },
          events: [c.id, e.id],
          time: e.time,
        }),
      );
    },
    snapshot: () => ({ created: [...st.created], creators: st.creators }),
    restore(s) {
      const r = JSON.parse(JSON.stringify(s ?? {})) as { created?: [string, Created][]; creators?: string[] };
      st = { created: new Map(r.created ?? []), creators: r.creators ?? [] };
    },
  };
}
