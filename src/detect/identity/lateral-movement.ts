/**
 * auth.lateral_movement: one account fans out with network or RDP logons to many hosts it has never used.
 *
 * Finds: successful logons of type 3 (network) or 10 (remote interactive) by one account to at least
 * `lateralHosts` hosts within an hour that are not in the account's learned host set. Each account keeps the
 * hosts it used (up to 256, oldest dropped), so a helpdesk or admin account that routinely touches many hosts
 * learns them; the threshold also rises to twice the account's largest earlier hourly count of new hosts.
 * Alerts only after the learning period, once per account per hour.
 *
 * Evidence: the logons to new hosts in the hour.
 *
 * Misses: slow movement (one new host an hour), movement with local accounts named like ordinary users on
 * each host, movement over protocols without a logon event (WMI with existing tickets, SSH with keys into
 * hosts that do not send logs).
 *
 * False positives: a new administrator, a software deployment or inventory account running across the
 * estate for the first time, a vulnerability scan with credentials.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtList } from '../wording.js';
import { accountKey, HOUR, iso, isSuccessLogon, lowerName, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.lateral_movement. */
export const LATERAL_MOVEMENT: DetectorMeta = {
  id: 'auth.lateral_movement',
  title: 'Account logging on to many hosts it never used',
  category: 'identity',
  attack: ['T1021', 'T1021.001', 'T1021.002', 'T1078'],
  needs: ['authentication'],
  scorePolicy: '70 at the threshold, +3 per further new host up to 95',
  falsePositives: ['new administrators', 'deployment or credentialed scanning accounts'],
  blindSpots: ['slow movement below the hourly threshold', 'movement without logon events'],
  maturity: 'experimental',
};

/** Most hosts remembered per account. */
const MAX_HOSTS = 256;

interface User {
  hosts: string[];
  w: number;
  fresh: string[];
  ids: string[];
  src: string[];
  done: boolean;
  max: number;
}

/** The part detecting fan-out lateral movement. */
export function lateralMovement(): IdentityPart {
  let users = new Map<string, User>();
  return {
    meta: LATERAL_MOVEMENT,
    handle(e: WardEvent, ctx, emit) {
      if (!isSuccessLogon(e) || (e.logonType !== 3 && e.logonType !== 10)) return;
      const key = accountKey(e.user);
      const host = e.host === undefined ? undefined : lowerName(e.host);
      if (key === undefined || host === undefined) return;
      let u = users.get(key);
      if (u === undefined) {
        u = { hosts: [], w: e.time, fresh: [], ids: [], src: [], done: false, max: 0 };
        users.set(key, u);
      }
      const i = u.hosts.indexOf(host);
      if (i >= 0) {
        // Most recently used last, so the oldest falls off when the set is full.
        u.hosts.splice(i, 1);
        u.hosts.push(host);
        return;
      }
      u.hosts.push(host);
      if (u.hosts.length > MAX_HOSTS) u.hosts.shift();
      if (!ctx.learned(e.time)) return;
      if (e.time - u.w > HOUR) {
        u.max = Math.max(u.max, u.fresh.length);
        u = Object.assign(u, { w: e.time, fresh: [], ids: [], src: [], done: false });
      }
      u.fresh.push(host);
      if (u.ids.length < 1000) u.ids.push(e.id);
      if (e.srcIp !== undefined && !u.src.includes(e.srcIp) && u.src.length < 20) u.src.push(e.srcIp);
      const threshold = Math.max(ctx.cfg.lateralHosts, 2 * u.max);
      if (u.done || u.fresh.length < threshold) return;
      u.done = true;
      const n = u.fresh.length;
      emit(
        partAlert(LATERAL_MOVEMENT, {
          score: Math.min(95, 70 + 3 * (n - threshold)),
          title: `${e.user ?? key} logged on to ${n} hosts it never used within an hour`,
          reasons: [
            `${e.user ?? key} made network/RDP logons to ${n} hosts it had not used before, between ${iso(u.w)} and ${iso(e.time)}`,
            `new hosts: ${fmtList(u.fresh, n, 8)}${u.src.length > 0 ? `; from ${u.src.slice(0, 5).join(', ')}` : ''}`,
            `the account had used ${u.hosts.length - n} hosts before; its most new hosts in an earlier hour was ${u.max} (threshold ${threshold})`,
          ],
          entities: { user: key, srcIp: u.src[0], host: e.host },
          events: u.ids,
          time: e.time,
        }),
      );
    },
    snapshot: () => [...users],
    restore(s) {
      users = new Map(JSON.parse(JSON.stringify(s ?? [])) as [string, User][]);
    },
  };
}
