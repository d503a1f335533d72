/**
 * auth.credential_stuffing: a list of leaked username/password pairs replayed against a login service —
 * many different accounts fail within an hour, most of them names the service has never seen succeed,
 * usually from several addresses so that no single source crosses brute-force or spray thresholds.
 *
 * Finds: failed logons against one target (the host or gateway that logged them) for at least
 * `stuffingAccounts` distinct accounts within an hour, when at least half of those accounts never had a
 * successful logon in the observed history, and the organisation has at least 20 known accounts (so
 * "unknown" means something). The threshold adapts per target: at least twice the most distinct failing
 * accounts of any earlier quiet hour (decayed by a tenth per hour), so a busy gateway where staff mistype
 * sets its own level. Several sources raise the score. One alert per target per hour.
 *
 * Evidence: the failures of the hour (up to 1,000).
 *
 * Misses: stuffing slower than the threshold per hour; lists of mostly valid names (then auth.spray or
 * auth.bruteforce usually fire); gateways that log failures without the user name.
 *
 * False positives: a mass password reset or a misconfigured SSO after which many real users fail (those are
 * known accounts, so they rarely pass the unknown-share test); a user-name format change (e.g. `DOMAIN\user`
 * to `user@realm` on a gateway that does not normalise).
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtList, plural } from '../wording.js';
import { accountKey, HOUR, iso, lowerName, isSuccessLogon, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.credential_stuffing. */
export const CREDENTIAL_STUFFING: DetectorMeta = {
  id: 'auth.credential_stuffing',
  title: 'Many unknown accounts failing against one service (credential stuffing)',
  category: 'identity',
  attack: ['T1110.004'],
  needs: ['authentication'],
  scorePolicy: '65 from one source, 75 from 2–4 sources, 85 from 5 or more',
  falsePositives: ['mass password reset or SSO outage', 'user-name format change on a gateway'],
  blindSpots: ['stuffing slower than the hourly threshold', 'lists of mostly valid names'],
  maturity: 'experimental',
};

const MIN_KNOWN = 20;
const MAX_KNOWN = 200_000;
const MAX_WINDOW = 5000;

interface Target {
  w: number;
  f: [string, string, string][]; // account, source, id
  done: boolean;
  base: number;
}

/** The part detecting credential stuffing. */
export function credentialStuffing(): IdentityPart {
  let known = new Set<string>();
  let targets = new Map<string, Target>();
  // Distinct accounts of each target's current window, kept beside the snapshotted list so a failure costs a
  // set insert, not a pass over up to MAX_WINDOW failures. Rebuilt from the list after a restore.
  const distinct = new Map<Target, Set<string>>();
  const accountsOf = (t: Target): Set<string> => {
    let set = distinct.get(t);
    if (set === undefined) distinct.set(t, (set = new Set(t.f.map((x) => x[0]))));
    return set;
  };
  return {
    meta: CREDENTIAL_STUFFING,
    handle(e: WardEvent, ctx, emit) {
      if (e.class !== 'authentication' || e.action !== 'logon') return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      if (isSuccessLogon(e)) {
        if (known.size < MAX_KNOWN) known.add(key);
        return;
      }
      if (e.outcome !== 'failure') return;
      const target = e.host === undefined ? 'unknown' : lowerName(e.host);
      let t = targets.get(target);
      if (t === undefined) {
        t = { w: e.time, f: [], done: false, base: 0 };
        targets.set(target, t);
      }
      if (e.time - t.w > HOUR) {
        const hours = Math.floor((e.time - t.w) / HOUR);
        const quiet = t.done ? 0 : accountsOf(t).size;
        t.base = Math.max(t.base * Math.pow(0.9, hours), quiet);
        t.w = e.time;
        t.f = [];
        t.done = false;
        distinct.set(t, new Set());
      }
      if (t.f.length < MAX_WINDOW) {
        t.f.push([key, e.srcIp ?? '', e.id]);
        accountsOf(t).add(key);
      }
      if (t.done || known.size < MIN_KNOWN) return;
      const threshold = Math.max(ctx.cfg.stuffingAccounts, Math.ceil(2 * t.base));
      if (accountsOf(t).size < threshold) return;
      const accounts = [...accountsOf(t)];
      const unknown = accounts.filter((a) => !known.has(a));
      if (unknown.length * 2 < accounts.length) return;
      t.done = true;
      const sources = [...new Set(t.f.map((x) => x[1]).filter((s) => s !== ''))];
      const top = new Map<string, number>();
      for (const x of t.f) if (x[1] !== '') top.set(x[1], (top.get(x[1]) ?? 0) + 1);
      const topSrc = [...top].sort((a, b) => b[1] - a[1])[0]?.[0];
      const ns = sources.length;
      emit(
        partAlert(CREDENTIAL_STUFFING, {
          score: ns >= 5 ? 85 : ns >= 2 ? 75 : 65,
          title: `${plural(accounts.length, 'account')} failing against ${target} within an hour, most unknown`,
          reasons: [
            `${plural(t.f.length, 'failed logon')} for ${plural(accounts.length, 'different account')} against ${target} between ${iso(t.w)} and ${iso(e.time)} (threshold ${threshold})`,
            `${unknown.length} of those accounts never logged on successfully in the observed history: ${fmtList(unknown, unknown.length, 6)}`,
            ns > 0
              ? `from ${plural(ns, 'source')}: ${fmtList(sources, ns, 6)}`
              : 'the log named no source address',
          ],
          entities: { host: e.host, srcIp: topSrc },
          events: t.f.map((x) => x[2]),
          time: e.time,
        }),
      );
    },
    snapshot: () => ({ known: [...known], targets: [...targets] }),
    restore(s) {
      const st = JSON.parse(JSON.stringify(s ?? {})) as { known?: string[]; targets?: [string, Target][] };
      known = new Set(st.known ?? []);
      targets = new Map(st.targets ?? []);
      distinct.clear();
    },
  };
}
