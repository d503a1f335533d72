/**
 * auth.off_hours: a user logs on at a time of the week when this user practically never does — judged against
 * the user's own learned profile (and, while that is young, their department's), not a global office-hours
 * rule, so night-shift and weekend staff are normal at night and on weekends.
 *
 * Finds: a successful interactive, remote-interactive or remote-access logon (Windows types 2, 7, 10, 11,
 * sshd, VPN) that is unusual in one of two ways:
 * - **Hour of day.** The hour's share of the user's logons, smoothed with the neighbouring hours at half
 *   weight, is under `offHoursShare`. The profile is 24 hourly counters that halve every 7 days; a personal
 *   session's logoff (Windows 4634/4647 of types 2, 10, 11, a gateway's session end) also counts each hour the
 *   session spanned (up to 16 h), so the profile is when the user works, not only when they start. A user is
 *   judged by their own profile after 5 logons on 3 different days; before that — once the stream is a week
 *   old, so a user without history is a new starter rather than a fresh deployment — when the staff context
 *   names their department and the department has logged on at least 30 times (weighted), by the department's
 *   profile at half the threshold: a new starter at 3 a.m. in a unit where nobody works nights.
 * - **Weekend.** Hospitals rota single weekdays freely, so the week is read as weekdays against weekend days
 *   (Saturday and Sunday in the site's `timeZone`). A weekend logon is unusual when the user has no weekend
 *   day in their recent history (decayed active weekend days under 0.5, half-life 28 days) and that absence
 *   is unlikely by chance: with `w` active weekdays and the covered days' weekday fraction `f`, `f^w` < 1 %
 *   (a Monday–Friday worker reaches this after four working weeks). While the user's own history is too short,
 *   their department speaks for them when its staff worked under 2 % of their person-days on weekends and
 *   the same chance is under 0.1 %.
 * Network logons (type 3: mail, file shares) teach the profiles when the user is active but are not judged;
 * batch and service logons are ignored; the hour of a remote logon (VPN, a public address, or an address of a
 * VPN tunnel a gateway assigned — RDP to Citrix from home) is judged
 * only once the user has 5 remote logons, and not from a network (IPv4 /16) they connected from before (home
 * broadband): evening catch-up and night calls of on-call staff are how remote work looks — its weekend is
 * judged all the same. Nothing is judged before the family
 * learning period ends. One alert per user per 12 hours. Hours are UTC — each user is compared with themself,
 * so the zone does not matter for hours — and days are the site's.
 *
 * Evidence: the logon record.
 *
 * Misses: an attacker who keeps to the user's hours and days; users with logons spread over the whole week;
 * new users without a department in the staff context.
 *
 * False positives: overtime, on-call and extra weekend shifts, a shift change (until the profile adapts),
 * travel across time zones.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { AUTH_ACTIONS } from '../../model/index.js';
import { accountKey, DAY, hostKey, HOUR, iso, isRemoteLogon, isSuccessLogon, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.off_hours. */
export const OFF_HOURS: DetectorMeta = {
  id: 'auth.off_hours',
  title: 'Logon at a time unusual for this user',
  category: 'identity',
  attack: ['T1078'],
  needs: ['authentication'],
  scorePolicy:
    '45 for an unusual hour, 60 when the hour and its neighbours never had a logon of this user; 40 for an unusual weekend day; +10 when both',
  falsePositives: ['overtime, on-call and extra weekend shifts', 'a shift change, until the profile adapts'],
  blindSpots: [
    'attackers keeping to the user’s hours and days',
    'the first days of a user’s history when the staff context names no department',
    'remote logons from a network the user used before',
  ],
  maturity: 'experimental',
};

/** Hour counters halve every week: old habits fade in a few weeks, a new shift counts within days. */
const HOUR_HALF_LIFE = 7 * DAY;
/** Day counters halve every four weeks: a weekend pattern needs weeks to show. */
const DAY_HALF_LIFE = 28 * DAY;
/** A user is judged by their own hours after this many logons (counted, not decayed) on MIN_DAYS days. */
const MIN_LOGONS = 5;
const MIN_DAYS = 3;
/** A department's hours speak for a new user once it has this much (decayed) logon weight. */
const PEER_MIN_WEIGHT = 30;
/** Chance below which "no weekend day among these active days" is read as a habit: own, department. */
const OWN_CHANCE = 0.01;
const PEER_CHANCE = 0.001;
/** A department works weekends when this share of its person-days falls on them. */
const PEER_WEEKEND_SHARE = 0.02;
/**
 * A department's hours speak for a new user only after a week of stream: before that everyone is new (a fresh
 * deployment), after it a user with no history is a new starter.
 */
const PEER_AFTER = 7 * DAY;
/** Open sessions kept per user. */
const MAX_OPEN = 4;
/** Longest session whose hours are filled in at its end. */
const MAX_SESSION = 16 * HOUR;
/** Longest gap of covered days stepped one by one; older days have decayed to nothing. */
const MAX_STEP_DAYS = 200;

/** Decayed active days and covered days, split into weekdays and weekend days, as of local day `d`. */
interface Days {
  /** Active weekdays and weekend days (half-life DAY_HALF_LIFE). */
  wd: number;
  we: number;
  /** Days covered since the first active day, active or not, up to the day before the current one (same decay). */
  cwd: number;
  cwe: number;
  /** Last local day folded in (-1: none yet). */
  d: number;
}

interface User {
  /** Logon weight per UTC hour of day, on the scale of time `t` (see addHour). */
  h: number[];
  t: number;
  lastAlert: number;
  /** Logons counted, undecayed (the learning gate). */
  n: number;
  /** Distinct local days with a logon. */
  days: number;
  week: Days;
  /** Recent remote-access source networks (up to 8). */
  ips: string[];
  /** Remote logons counted (undecayed): the hours of remote work are judged once it is a habit. */
  rn?: number;
  /** Open personal sessions: host (or gateway) → logon time, for filling the session's hours at its end. */
  open?: [string, number][];
}

/** A department's pooled profile: hours of its staff's logons and their person-days. */
interface Group {
  h: number[];
  t: number;
  week: Days;
}

const DAY_DECAY = Math.pow(2, -DAY / DAY_HALF_LIFE);

function emptyDays(): Days {
  return { wd: 0, we: 0, cwd: 0, cwe: 0, d: -1 };
}

/** Weekday of a local day number (0 = Sunday; day 0, 1970-01-01, was a Thursday). */
function isWeekend(day: number): boolean {
  const wd = (((day + 4) % 7) + 7) % 7;
  return wd === 0 || wd === 6;
}

/**
 * Move `w` on to local day `day`: each day left behind decays the counters and counts as covered. The current
 * day is not covered yet — at 7 a.m. on the first Saturday, the weekend has barely been seen.
 */
function stepDays(w: Days, day: number): void {
  if (w.d < 0 || day - w.d > MAX_STEP_DAYS) {
    if (w.d >= 0) w.wd = w.we = w.cwd = w.cwe = 0;
    w.d = day;
    return;
  }
  for (let d = w.d; d < day; d++) {
    if (isWeekend(d)) w.cwe += 1;
    else w.cwd += 1;
    w.wd *= DAY_DECAY;
    w.we *= DAY_DECAY;
    w.cwd *= DAY_DECAY;
    w.cwe *= DAY_DECAY;
  }
  if (day > w.d) w.d = day;
}

/** Chance that `w.wd` active days all fell on weekdays if the days were spread over the covered ones. */
function chanceNoWeekend(w: Days): number {
  const covered = w.cwd + w.cwe;
  return covered > 0 ? Math.pow(w.cwd / covered, w.wd) : 1;
}

/**
 * Hour counters decay without touching all 24 on every logon: `h` holds weights on the scale of the time `t`,
 * and a logon at a later time adds 2^((now − t) / half-life) instead of 1 — shares are ratios, so the scale
 * cancels; absolute weights are read with {@link scaleAt}. The scale is moved to `now` when it grows large.
 */
function addHour(x: { h: number[]; t: number }, hour: number, now: number): void {
  let w = Math.pow(2, (now - x.t) / HOUR_HALF_LIFE);
  if (w > 1e6 || now < x.t) {
    const f = 1 / w;
    for (let i = 0; i < 24; i++) x.h[i] = (x.h[i] ?? 0) * f;
    x.t = now;
    w = 1;
  }
  x.h[hour] = (x.h[hour] ?? 0) + w;
}

/** Factor turning the stored weights of `x` into weights decayed to `now`. */
function scaleAt(x: { t: number }, now: number): number {
  return Math.pow(2, (x.t - now) / HOUR_HALF_LIFE);
}

/** Share of the hours profile in `hour`, its neighbours at half weight; and the weights decayed to `now`. */
function hourShare(
  x: { h: number[]; t: number },
  hour: number,
  now: number,
): { near: number; share: number; total: number } {
  const h = x.h;
  let total = 0;
  for (const v of h) total += v;
  const at = (k: number): number => h[(k + 24) % 24] ?? 0;
  const near = at(hour) + 0.5 * (at(hour - 1) + at(hour + 1));
  const scale = scaleAt(x, now);
  return { near: near * scale, share: total > 0 ? near / total : 1, total: total * scale };
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

/** Remember an open session at `where` (in place; the oldest goes when MAX_OPEN are open). */
function openSession(u: User, where: string, t: number): void {
  const open = (u.open ??= []);
  const i = open.findIndex((o) => o[0] === where);
  if (i >= 0) {
    const o = open[i];
    if (o !== undefined) o[1] = t;
    return;
  }
  if (open.length >= MAX_OPEN) {
    let oldest = 0;
    for (let k = 1; k < open.length; k++) if ((open[k]?.[1] ?? 0) < (open[oldest]?.[1] ?? 0)) oldest = k;
    open.splice(oldest, 1);
  }
  open.push([where, t]);
}

/** UTC hour of day of an epoch-ms time. */
function utcHour(t: number): number {
  return Math.floor((((t % DAY) + DAY) % DAY) / HOUR);
}

/** Where a session runs, to pair its logon with its logoff: the host, else the gateway. */
function sessionKey(e: WardEvent): string {
  return e.host !== undefined ? hostKey(e.host) : (e.attrs?.gateway ?? '');
}

/** Batch and service logons run on schedules, not on the person's hours. */
function scheduled(e: WardEvent): boolean {
  return e.logonType === 4 || e.logonType === 5;
}

/** Offset of a time zone from UTC at `t` (ms), remembered per hour of the stream. */
function zoneOffset(zone: string): (t: number) => number {
  if (zone === 'UTC') return () => 0;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  let bucket = NaN;
  let offset = 0;
  return (t) => {
    const b = Math.floor(t / HOUR);
    if (b === bucket) return offset;
    bucket = b;
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(b * HOUR)) p[part.type] = Number(part.value);
    const local = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
    offset = local - b * HOUR;
    return offset;
  };
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pct(x: number): string {
  if (x === 0) return '0%';
  return `${(x * 100).toFixed(x < 0.001 ? 2 : 1)}%`;
}

/** The part detecting logons at hours or on days unusual for the user. */
export function offHours(): IdentityPart {
  let users = new Map<string, User>();
  let groups = new Map<string, Group>();
  let offsetOf: ((t: number) => number) | undefined;
  let zone = '';
  /**
   * A personal session ended: the hours between its logon and now were spent working, so they count in the
   * user's (and department's) profile like logons — a nurse who starts at 07:00 is at work at 13:00 too.
   */
  const sessionEnd = (e: WardEvent, peerOf: (account: string) => string | undefined): void => {
    const key = accountKey(e.user);
    const u = key === undefined ? undefined : users.get(key);
    const where = sessionKey(e);
    const i = u?.open?.findIndex((o) => o[0] === where) ?? -1;
    const from = i >= 0 ? u?.open?.[i]?.[1] : undefined;
    if (u?.open === undefined || from === undefined || key === undefined) return;
    u.open.splice(i, 1);
    if (e.time <= from || e.time - from > MAX_SESSION) return;
    const dept = peerOf(key);
    const g = dept === undefined ? undefined : groups.get(dept);
    for (let t = (Math.floor(from / HOUR) + 1) * HOUR; t <= e.time; t += HOUR) {
      const h = utcHour(t);
      addHour(u, h, e.time);
      if (g !== undefined) addHour(g, h, e.time);
    }
  };
  return {
    meta: OFF_HOURS,
    handle(e: WardEvent, ctx, emit) {
      if (e.class === 'authentication' && e.action === AUTH_ACTIONS.logoff && personal(e)) {
        sessionEnd(e, (a) => ctx.peer(a));
        return;
      }
      if (!isSuccessLogon(e) || scheduled(e)) return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      if (offsetOf === undefined || zone !== ctx.cfg.timeZone) {
        zone = ctx.cfg.timeZone;
        offsetOf = zoneOffset(zone);
      }
      let u = users.get(key);
      if (u === undefined) {
        u = {
          h: new Array<number>(24).fill(0),
          t: e.time,
          lastAlert: 0,
          n: 0,
          days: 0,
          week: emptyDays(),
          ips: [],
        };
        users.set(key, u);
      }
      const dept = ctx.peer(key);
      let g: Group | undefined;
      if (dept !== undefined) {
        g = groups.get(dept);
        if (g === undefined)
          groups.set(dept, (g = { h: new Array<number>(24).fill(0), t: e.time, week: emptyDays() }));
      }
      const day = Math.floor((e.time + offsetOf(e.time)) / DAY);
      const newDay = day !== u.week.d;
      if (newDay) stepDays(u.week, day);
      if (g !== undefined && day !== g.week.d) stepDays(g.week, day);
      const hour = utcHour(e.time);

      const judgeable = personal(e) && ctx.learned(e.time);
      // A remote logon from a network this user connected from before (home) is a known place.
      // Compared by /16 for IPv4: home broadband addresses change, but within the provider's block.
      // Remote: a VPN session, a public source, or a logon from a VPN tunnel address (RDP to Citrix from home).
      const tunnelled = ctx.viaVpn(e);
      const remote = tunnelled || isRemoteLogon(e);
      const net = remote && !tunnelled && e.srcIp !== undefined ? networkOf(e.srcIp) : undefined;
      const knownHome = net !== undefined && u.ips.includes(net);
      if (net !== undefined && !knownHome) {
        u.ips.push(net);
        if (u.ips.length > 8) u.ips.shift();
      }
      const reasons: string[] = [];
      let score = 0;
      if (judgeable && e.time - u.lastAlert >= 12 * HOUR) {
        // An evening from home is how day staff catch up, and a night call from home how on-call works: the hour
        // of a remote logon is judged only once the user works remotely by habit, and not from home. A weekend
        // for someone who never works one is judged wherever they are.
        const young = e.time - ctx.start < PEER_AFTER;
        const remoteHabit = (u.rn ?? 0) >= MIN_LOGONS;
        if (!knownHome && (!remote || remoteHabit))
          score = judgeHour(u, young ? undefined : g, dept, hour, e.time, ctx.cfg.offHoursShare, reasons);
        // The weekend is judged on the user's first logon of the day: later ones are the same day's work.
        if (newDay && isWeekend(day)) {
          const weekend = judgeWeekend(u, g, dept, reasons);
          if (weekend) score = score > 0 ? Math.min(score + 10, 70) : 40;
        }
      }
      // Learn after judging.
      if (personal(e)) {
        // A few sessions at once at most: the oldest goes (its logoff was not logged).
        openSession(u, sessionKey(e), e.time);
      }
      addHour(u, hour, e.time);
      u.n++;
      if (remote) u.rn = (u.rn ?? 0) + 1;
      if (newDay) {
        u.days++;
        if (isWeekend(day)) u.week.we += 1;
        else u.week.wd += 1;
        if (g !== undefined) {
          if (isWeekend(day)) g.week.we += 1;
          else g.week.wd += 1;
        }
      }
      if (g !== undefined) addHour(g, hour, e.time);
      if (score === 0) return;
      u.lastAlert = e.time;
      const name = e.user ?? key;
      const when = `${DAY_NAMES[(((day + 4) % 7) + 7) % 7]} ${String(hour).padStart(2, '0')}:00 UTC`;
      emit(
        partAlert(OFF_HOURS, {
          score,
          title: `${name} logged on at ${when}, unusual for this user`,
          reasons: [
            `${name} logged on at ${iso(e.time)}${e.host ? ` on ${e.host}` : ''}${e.srcIp ? ` from ${e.srcIp}` : ''}`,
            ...reasons,
            usualHours(u.h, hour),
          ],
          entities: { user: key, host: e.host, srcIp: e.srcIp },
          events: [e.id],
          time: e.time,
        }),
      );
    },
    snapshot: () => ({ users: [...users], groups: [...groups] }),
    restore(s) {
      const state = JSON.parse(JSON.stringify(s ?? {})) as {
        users?: [string, User][];
        groups?: [string, Group][];
      };
      users = new Map(state.users ?? []);
      groups = new Map(state.groups ?? []);
    },
  };
}

/** Score for the hour (0: usual), with the reason added to `reasons`. */
function judgeHour(
  u: User,
  g: Group | undefined,
  dept: string | undefined,
  hour: number,
  now: number,
  threshold: number,
  reasons: string[],
): number {
  const own = hourShare(u, hour, now);
  if (u.n >= MIN_LOGONS && u.days >= MIN_DAYS) {
    if (own.share >= threshold) return 0;
    reasons.push(
      `that hour (with its neighbours) holds ${pct(own.share)} of the user's recent logons (threshold ${pct(threshold)}, ${Math.round(own.total)} logons weighted by recency)`,
    );
    return own.near < 0.05 ? 60 : 45;
  }
  if (g === undefined) return 0;
  const peer = hourShare(g, hour, now);
  if (peer.total < PEER_MIN_WEIGHT || peer.share >= threshold / 2) return 0;
  reasons.push(
    `the user has too little history of their own (${u.n} logons on ${u.days} days); in their department ${dept ?? ''} that hour (with its neighbours) holds ${pct(peer.share)} of the staff's recent logons (threshold ${pct(threshold / 2)}, ${Math.round(peer.total)} logons weighted by recency)`,
  );
  return 45;
}

/** True when a weekend day is unusual for the user, with the reason added to `reasons`. */
function judgeWeekend(u: User, g: Group | undefined, dept: string | undefined, reasons: string[]): boolean {
  if (u.week.we >= 0.5) return false;
  const own = chanceNoWeekend(u.week);
  if (own < OWN_CHANCE) {
    reasons.push(
      `it is a weekend day; the user's recent history has ${u.week.wd.toFixed(1)} active weekdays (weighted by recency) and no weekend day — were their days spread over the week, that would happen by chance ${pct(own)} of the time`,
    );
    return true;
  }
  if (g === undefined) return false;
  const total = g.week.wd + g.week.we;
  const share = total > 0 ? g.week.we / total : 1;
  const peer = chanceNoWeekend(g.week);
  if (share >= PEER_WEEKEND_SHARE || peer >= PEER_CHANCE) return false;
  reasons.push(
    `it is a weekend day; the user has too little history of their own, and their department ${dept ?? ''} worked ${pct(share)} of its ${Math.round(total)} recent person-days on weekends (chance ${pct(peer)} if spread over the week)`,
  );
  return true;
}

/** The user's usual hours, for the reader. */
function usualHours(h: number[], hour: number): string {
  let total = 0;
  for (const v of h) total += v;
  const usual: string[] = [];
  for (let i = 0; i < 24; i++)
    if (total > 0 && (h[i] ?? 0) / total >= 0.08) usual.push(String(i).padStart(2, '0'));
  if (usual.length === 0) return 'the user has no dominant logon hours';
  return `the user usually logs on in the hours (UTC) ${usual.join(', ')}${usual.includes(String(hour).padStart(2, '0')) ? '' : ` — not ${String(hour).padStart(2, '0')}`}`;
}
