/**
 * auth.off_hours: a user logs on at an hour of day when this user practically never does — judged against
 * the user's own learned profile, not a global office-hours rule, so night-shift staff are normal at night.
 *
 * Finds: a successful interactive, remote-interactive or remote-access logon (Windows types 2, 7, 10, 11,
 * sshd, VPN) in an hour of day whose share
 * of the user's logons, smoothed with the neighbouring hours at half weight, is under `offHoursShare`. The
 * profile is 24 hourly counters that halve every 7 days, so a user who moves to a new shift stops alerting
 * within days while an old habit fades. Network logons (type 3: mail, file shares) teach the profile when the
 * user is active but are not judged; batch and service logons are ignored; a remote logon (VPN, or from a
 * public address) from a network (IPv4 /16) the user connected from before (home broadband) is not judged. A user is judged only after at
 * least 5 logons on 3 different days, and after the family learning period. One alert per user per 12 hours. Hours are UTC;
 * since each user is compared with themself, the site's time zone does not matter.
 *
 * Evidence: the logon record.
 *
 * Misses: an attacker who keeps to the user's hours; users with logons spread over the whole day; the first
 * day of a user's history.
 *
 * False positives: overtime, on-call, a shift change (until the profile adapts), travel across time zones.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { accountKey, DAY, HOUR, iso, isRemoteLogon, isSuccessLogon, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.off_hours. */
export const OFF_HOURS: DetectorMeta = {
  id: 'auth.off_hours',
  title: 'Logon at an hour unusual for this user',
  category: 'identity',
  attack: ['T1078'],
  needs: ['authentication'],
  scorePolicy: '45, 60 when the hour and its neighbours never had a logon of this user',
  falsePositives: ['overtime and on-call', 'a shift change, until the profile adapts'],
  blindSpots: [
    'attackers keeping to the user’s hours',
    'the first three days of a user’s history',
    'remote logons from a network the user used before',
  ],
  maturity: 'experimental',
};

/** Counters halve every week: old habits fade in a few weeks, a new shift counts within days. */
const HALF_LIFE = 7 * DAY;
/** A user is judged after this many logons (counted, not decayed) on at least MIN_DAYS different days. */
const MIN_LOGONS = 5;
const MIN_DAYS = 3;

interface User {
  /** Decayed logon weight per UTC hour of day, as of `t`. */
  h: number[];
  t: number;
  first: number;
  lastAlert: number;
  /** Logons counted, undecayed (the learning gate). */
  n: number;
  /** Distinct UTC days with a logon, and the last such day (day number since the epoch). */
  days: number;
  day: number;
  /** Recent remote-access source networks (up to 8). */
  ips: string[];
}

function decay(u: User, t: number): void {
  if (t <= u.t) return;
  const f = Math.pow(2, (u.t - t) / HALF_LIFE);
  for (let i = 0; i < 24; i++) u.h[i] = (u.h[i] ?? 0) * f;
  u.t = t;
}

/** Logon types that a person starts (interactive, unlock, remote interactive, cached) or none given. */
function personal(e: WardEvent): boolean {
  const lt = e.logonType;
  return lt === undefined || lt === 2 || lt === 7 || lt === 10 || lt === 11;
}

/** The /16 of an IPv4 address, the /32 prefix of an IPv6 one: the provider block a home address moves in. */
function networkOf(ip: string): string {
  if (ip.includes(':')) return ip.split(':').slice(0, 2).join(':');
  const dot = ip.indexOf('.', ip.indexOf('.') + 1);
  return dot < 0 ? ip : ip.slice(0, dot);
}

/** Batch and service logons run on schedules, not on the person's hours. */
function scheduled(e: WardEvent): boolean {
  return e.logonType === 4 || e.logonType === 5;
}

/** The part detecting logons at hours unusual for the user. */
export function offHours(): IdentityPart {
  let users = new Map<string, User>();
  return {
    meta: OFF_HOURS,
    handle(e: WardEvent, ctx, emit) {
      if (!isSuccessLogon(e) || scheduled(e)) return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      let u = users.get(key);
      if (u === undefined) {
        u = {
          h: new Array<number>(24).fill(0),
          t: e.time,
          first: e.time,
          lastAlert: 0,
          n: 0,
          ips: [],
          days: 0,
          day: -1,
        };
        users.set(key, u);
      }
      decay(u, e.time);
      const hour = new Date(e.time).getUTCHours();
      let total = 0;
      for (const v of u.h) total += v;
      const at = (k: number): number => u.h[(k + 24) % 24] ?? 0;
      const near = at(hour) + 0.5 * (at(hour - 1) + at(hour + 1));
      const share = total > 0 ? near / total : 1;
      const judged = personal(e) && u.n >= MIN_LOGONS && u.days >= MIN_DAYS && ctx.learned(e.time);
      // A remote logon from a network this user connected from before (home) is a known place.
      // Compared by /16 for IPv4: home broadband addresses change, but within the provider's block.
      const net = isRemoteLogon(e) && e.srcIp !== undefined ? networkOf(e.srcIp) : undefined;
      const knownHome = net !== undefined && u.ips.includes(net);
      if (net !== undefined && !knownHome) {
        u.ips.push(net);
        if (u.ips.length > 8) u.ips.shift();
      }
      const alert =
        !knownHome && judged && share < ctx.cfg.offHoursShare && e.time - u.lastAlert >= 12 * HOUR;
      const usual: number[] = [];
      if (alert) for (let i = 0; i < 24; i++) if (at(i) / total >= 0.08) usual.push(i);
      u.h[hour] = at(hour) + 1;
      u.n++;
      const day = Math.floor(e.time / DAY);
      if (day !== u.day) {
        u.day = day;
        u.days++;
      }
      if (!alert) return;
      u.lastAlert = e.time;
      emit(
        partAlert(OFF_HOURS, {
          score: near < 0.05 ? 60 : 45,
          title: `${e.user ?? key} logged on at ${String(hour).padStart(2, '0')}:00 UTC, unusual for this user`,
          reasons: [
            `${e.user ?? key} logged on at ${iso(e.time)}${e.host ? ` on ${e.host}` : ''}${e.srcIp ? ` from ${e.srcIp}` : ''}`,
            `that hour (with its neighbours) holds ${(share * 100).toFixed(1)}% of the user's recent logons (threshold ${(ctx.cfg.offHoursShare * 100).toFixed(1)}%, ${Math.round(total)} logons weighted by recency)`,
            usual.length > 0
              ? `the user usually logs on in the hours (UTC) ${usual.map((i) => String(i).padStart(2, '0')).join(', ')}`
              : 'the user has no dominant logon hours',
          ],
          entities: { user: key, host: e.host, srcIp: e.srcIp },
          events: [e.id],
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
