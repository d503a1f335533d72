/**
 * auth.concurrent_sessions: one user with two remote-access sessions open at once from two different networks
 * — one person does not sit at two Internet connections; a second party holds the credentials (or the account
 * is shared, which is a finding of its own).
 *
 * Finds: a VPN / remote-access session start (a successful logon through a gateway) while the same user has a
 * session open from another network: another autonomous system when the offline database knows both, else
 * another /16. A session is open from its start until the gateway logs its end for that address, or for
 * `SESSION_MS` at most when the end is never logged. Sessions from two different countries are left to
 * auth.impossible_travel, which also weighs the distance. At most one alert per user and pair of networks a
 * day.
 *
 * Evidence: both session starts.
 *
 * Misses: gateways that log no session end when sessions are short (the 12 h cap then hides nothing but
 * also proves nothing); an attacker on the same provider as the user.
 *
 * False positives: a user on the home connection and a phone hotspot at once; a shared service account.
 */
import type { WardEvent } from '../../model/index.js';
import { AUTH_ACTIONS } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtSpan } from '../wording.js';
import { accountKey, DAY, HOUR, iso, isSuccessLogon, partAlert } from './common.js';
import type { IdentityPart } from './common.js';
import { countryKey } from './geo.js';

/** Metadata of auth.concurrent_sessions. */
export const CONCURRENT_SESSIONS: DetectorMeta = {
  id: 'auth.concurrent_sessions',
  title: 'Remote-access sessions open at once from two networks',
  category: 'identity',
  attack: ['T1078', 'T1133'],
  needs: ['authentication'],
  scorePolicy: '70',
  falsePositives: ['home connection and a phone hotspot at once', 'shared service accounts'],
  blindSpots: ['gateways that log no session end', 'an intruder on the user’s own provider'],
  maturity: 'experimental',
};

/** A session whose end is never logged counts as open this long. */
const SESSION_MS = 12 * HOUR;
/** Open sessions kept per user. */
const MAX_OPEN = 4;

interface Session {
  t: number;
  id: string;
  ip: string;
  /** Network key: `AS123`, else the /16 of the address. */
  net: string;
  country?: string;
}
interface St {
  open: Record<string, Session[]>;
  /** user + pair of networks → last alert time. */
  alerted: Record<string, number>;
}

function slash16(ip: string): string {
  if (ip.includes(':')) return ip.split(':').slice(0, 3).join(':');
  return ip.split('.').slice(0, 2).join('.');
}

/** The part detecting concurrent remote sessions. */
export function concurrentSessions(): IdentityPart {
  let st: St = { open: {}, alerted: {} };
  return {
    meta: CONCURRENT_SESSIONS,
    handle(e: WardEvent, ctx, emit) {
      if (e.attrs?.gateway === undefined || e.srcIp === undefined) return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      const live = (st.open[key] ?? []).filter((s) => e.time - s.t < SESSION_MS);
      if (e.action === AUTH_ACTIONS.logoff) {
        const i = live.findIndex((s) => s.ip === e.srcIp);
        if (i >= 0) live.splice(i, 1);
        if (live.length > 0) st.open[key] = live;
        else st.open = Object.fromEntries(Object.entries(st.open).filter(([k]) => k !== key));
        return;
      }
      if (!isSuccessLogon(e)) return;
      const where = ctx.origin(e);
      const s: Session = {
        t: e.time,
        id: e.id,
        ip: e.srcIp,
        net: where?.asn !== undefined ? `AS${where.asn}` : slash16(e.srcIp),
      };
      if (where?.country !== undefined) s.country = countryKey(where.country);
      const other = live.find(
        (o) =>
          o.net !== s.net &&
          o.ip !== s.ip &&
          (o.country === undefined || s.country === undefined || o.country === s.country),
      );
      const rest = live.filter((o) => o.ip !== s.ip);
      rest.push(s);
      st.open[key] = rest.slice(-MAX_OPEN);
      if (other === undefined) return;
      const pair = `${key}\u0000${[other.net, s.net].sort().join('|')}`;
      const last = st.alerted[pair];
      if (last !== undefined && e.time - last < DAY) return;
      st.alerted = Object.fromEntries(Object.entries(st.alerted).filter(([, t]) => e.time - t < DAY));
      st.alerted[pair] = e.time;
      emit(
        partAlert(CONCURRENT_SESSIONS, {
          score: 70,
          title: `${e.user ?? key}: remote sessions open at once from ${other.ip} and ${e.srcIp}`,
          reasons: [
            `${e.user ?? key} started a remote-access session from ${e.srcIp} (${s.net}) at ${iso(e.time)} through ${e.attrs.gateway}`,
            `the session started from ${other.ip} (${other.net}) at ${iso(other.t)}, ${fmtSpan(e.time - other.t)} earlier, had not ended`,
            'one person is not on two Internet connections at once: someone else may hold the credentials, or the account is shared',
          ],
          entities: { user: key, srcIp: e.srcIp, previousIp: other.ip },
          events: [other.id, e.id],
          time: e.time,
        }),
      );
    },
    snapshot: () => st,
    restore(s) {
      st = JSON.parse(JSON.stringify(s ?? { open: {}, alerted: {} })) as St;
    },
  };
}
