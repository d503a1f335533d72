/**
 * auth.preauth_storm: a storm of Kerberos pre-authentication failures at a domain controller — many real
 * accounts failing with a wrong password within an hour, usually from many addresses: domain-wide password
 * spraying spread so thin that no single source crosses the spray threshold (auth.spray counts per source),
 * and with valid names, so credential stuffing's unknown-account test does not apply.
 *
 * Finds: Kerberos pre-authentication failures (4771, and 4768 failures with status 0x18) logged by one domain
 * controller for at least `STORM_ACCOUNTS` distinct accounts within an hour, and at least three times the most
 * distinct accounts of any earlier quiet hour at that controller (decayed by a tenth per hour), so a domain
 * where expired passwords make many users fail every morning sets its own level. Several sources raise the
 * score. One alert per controller per hour, after the family learning period.
 *
 * Evidence: the failures of the hour (up to 1,000).
 *
 * Misses: spraying slower than the hourly threshold; spraying over NTLM (4776: auth.spray per source).
 *
 * False positives: a password-expiry wave or a changed service-account password used by many clients at once
 * (those come from the same few accounts, which the distinct-account count discounts).
 */
import type { WardEvent } from '../../model/index.js';
import { AUTH_ACTIONS } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtList, plural } from '../wording.js';
import { accountKey, HOUR, iso, lowerName, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.preauth_storm. */
export const PREAUTH_STORM: DetectorMeta = {
  id: 'auth.preauth_storm',
  title: 'Storm of Kerberos pre-authentication failures across many accounts',
  category: 'identity',
  attack: ['T1110.003'],
  needs: ['authentication'],
  scorePolicy: '65 from one or two sources, 75 from 3–9 sources, 85 from 10 or more',
  falsePositives: ['password-expiry waves', 'a changed service-account password used by many clients'],
  blindSpots: ['spraying slower than the hourly threshold', 'spraying over NTLM'],
  maturity: 'experimental',
};

/** Distinct failing accounts in an hour before a storm is considered (floor of the learned threshold). */
const STORM_ACCOUNTS = 20;
const MAX_WINDOW = 5000;

interface Dc {
  w: number;
  /** account, source, id */
  f: [string, string, string][];
  accounts: string[];
  done: boolean;
  base: number;
}

/** Kerberos "wrong password" failures: 4771 pre-auth failed, or a 4768 TGT request failed with 0x18. */
function isPreauthFailure(e: WardEvent): boolean {
  if (e.outcome !== 'failure') return false;
  if (e.action === AUTH_ACTIONS.preauthFailed) return true;
  return e.action === AUTH_ACTIONS.tgtRequest && e.status?.toLowerCase() === '0x18';
}

/** The part detecting pre-authentication failure storms. */
export function preauthStorm(): IdentityPart {
  let dcs = new Map<string, Dc>();
  // Distinct accounts of each window, beside the snapshotted list; rebuilt after a restore.
  const seen = new Map<Dc, Set<string>>();
  const setOf = (d: Dc): Set<string> => {
    let s = seen.get(d);
    if (s === undefined) seen.set(d, (s = new Set(d.accounts)));
    return s;
  };
  return {
    meta: PREAUTH_STORM,
    handle(e: WardEvent, ctx, emit) {
      if (!isPreauthFailure(e)) return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      const host = e.host === undefined ? 'unknown' : lowerName(e.host);
      let d = dcs.get(host);
      if (d === undefined) dcs.set(host, (d = { w: e.time, f: [], accounts: [], done: false, base: 0 }));
      if (e.time - d.w > HOUR) {
        const hours = Math.floor((e.time - d.w) / HOUR);
        const quiet = d.done ? 0 : d.accounts.length;
        d.base = Math.max(d.base * Math.pow(0.9, hours), quiet);
        Object.assign(d, { w: e.time, f: [], accounts: [], done: false });
        seen.set(d, new Set());
      }
      if (d.f.length < MAX_WINDOW) d.f.push([key, e.srcIp ?? '', e.id]);
      const set = setOf(d);
      if (!set.has(key)) {
        set.add(key);
        d.accounts.push(key);
      }
      if (d.done || !ctx.learned(e.time)) return;
      const threshold = Math.max(STORM_ACCOUNTS, Math.ceil(3 * d.base));
      if (d.accounts.length < threshold) return;
      d.done = true;
      const sources = [...new Set(d.f.map((x) => x[1]).filter((s) => s !== ''))];
      const ns = sources.length;
      emit(
        partAlert(PREAUTH_STORM, {
          score: ns >= 10 ? 85 : ns >= 3 ? 75 : 65,
          title: `Kerberos pre-authentication failing for ${plural(d.accounts.length, 'account')} at ${e.host ?? host} within an hour`,
          reasons: [
            `${plural(d.f.length, 'pre-authentication failure')} (wrong password) for ${plural(d.accounts.length, 'different account')} at ${e.host ?? host} between ${iso(d.w)} and ${iso(e.time)}`,
            `the threshold here is ${threshold}: at least ${STORM_ACCOUNTS}, and three times the most accounts failing in an earlier quiet hour (${Math.round(d.base)})`,
            ns > 0
              ? `from ${plural(ns, 'source')}: ${fmtList(sources, ns, 6)} — spread this thin, no single source crosses a per-source spraying limit`
              : 'the log named no source address',
          ],
          entities: { host: e.host },
          events: d.f.map((x) => x[2]),
          time: e.time,
        }),
      );
    },
    snapshot: () => [...dcs],
    restore(s) {
      dcs = new Map(JSON.parse(JSON.stringify(s ?? [])) as [string, Dc][]);
      seen.clear();
    },
  };
}
