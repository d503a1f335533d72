/**
 * auth.new_network: a remote logon from an Internet provider (autonomous system) this user never connected
 * from, in a country the user already uses — the stolen-password login from the attacker's cloud server or
 * VPN exit in the victim's own country, which auth.new_country cannot see.
 *
 * Finds: a successful remote logon whose source address the offline database puts in an AS (src/enrich/geoip.ts)
 * that is not among the user's learned networks, when the user is established (at least `MIN_HISTORY` earlier
 * remote logons over at least three days, from at most `MAX_USUAL` networks — people who roam across many
 * mobile and hotel networks are not judged this way; two earlier remote logons suffice when the new network reads
 * like a hosting, cloud or VPN provider), fewer than three other users of the organisation use that
 * network, and the family's learning period has passed. A network whose name reads like a hosting, cloud or
 * VPN provider scores higher: people rarely work from a data centre. Networks unused for 90 days are forgotten,
 * so a move to another provider stops counting after one alert.
 *
 * Evidence: the logon record.
 *
 * Misses: attackers on the same consumer provider as the victim; logons from private addresses.
 *
 * False positives: a new home provider, a mobile hotspot, a hotel; corporate VPN egress changes.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { plural } from '../wording.js';
import { accountKey, DAY, iso, isRemoteLogon, isSuccessLogon, partAlert, seenWithin } from './common.js';
import type { IdentityPart } from './common.js';
import { countryKey } from './geo.js';

/** Metadata of auth.new_network. */
export const NEW_NETWORK: DetectorMeta = {
  id: 'auth.new_network',
  title: 'Remote access from a network new for this user',
  category: 'identity',
  attack: ['T1078', 'T1133'],
  needs: ['authentication'],
  scorePolicy: '45 for a provider new to the user, 62 when its name reads like hosting, cloud or VPN',
  falsePositives: ['a new home provider, mobile hotspot or hotel network', 'corporate VPN egress changes'],
  blindSpots: ['attackers on the victim’s own provider', 'logons from private addresses'],
  maturity: 'experimental',
};

/** Earlier remote logons a user needs before a new network is unusual. */
const MIN_HISTORY = 5;
/**
 * Earlier remote logons enough to judge a logon from a hosting, cloud or VPN provider: an independent generator's
 * on-call staff had two or three home sessions before an attacker came from AWS or DigitalOcean.
 */
const MIN_HOSTING_HISTORY = 2;
/** Users seen on more networks than this roam too much to judge. */
const MAX_USUAL = 4;
const FORGET_MS = 90 * DAY;
/** A network this many other users connect from is the organisation's, not unusual. */
const ORG_COMMON = 3;
/** Provider names that mean servers, not people (case-insensitive words). */
const HOSTING =
  /\b(hosting|host|cloud|server|servers|datacenter|data center|vps|colo|colocation|vpn|proxy|digitalocean|ovh|hetzner|linode|akamai|amazon|aws|azure|google cloud|oracle cloud|m247|choopa|vultr|leaseweb|contabo|scaleway|alibaba|tencent)\b/i;

interface User {
  /** AS number → last seen. */
  nets: Record<string, number>;
  /** Days (epoch day numbers) with remote logons, up to three, to tell one busy evening from a habit. */
  days: number[];
  n: number;
  /** Countries the user connected from (keys). */
  countries: string[];
}
interface St {
  users: Record<string, User>;
  /** AS number → users seen on it (up to ORG_COMMON). */
  org: Record<string, string[]>;
}

/** The part detecting remote access from a new network. */
export function newNetwork(): IdentityPart {
  let st: St = { users: {}, org: {} };
  return {
    meta: NEW_NETWORK,
    handle(e: WardEvent, ctx, emit) {
      if (!isSuccessLogon(e) || !isRemoteLogon(e)) return;
      const where = ctx.origin(e);
      if (where?.asn === undefined) return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      const asn = String(where.asn);
      let u = st.users[key];
      if (u === undefined) u = st.users[key] = { nets: {}, days: [], n: 0, countries: [] };
      u.nets = seenWithin(u.nets, e.time, FORGET_MS);
      const usual = Object.keys(u.nets);
      const orgUsers = st.org[asn] ?? [];
      const ck = where.country === undefined ? undefined : countryKey(where.country);
      const hosting = where.asOrg !== undefined && HOSTING.test(where.asOrg);
      // A data centre needs less history than a consumer provider: two earlier remote logons from elsewhere.
      const established =
        usual.length <= MAX_USUAL &&
        ((u.n >= MIN_HISTORY && u.days.length >= 3) || (hosting && u.n >= MIN_HOSTING_HISTORY));
      // A new country is auth.new_country's finding; this one is about a new provider at home.
      const homeCountry = ck !== undefined && u.countries.includes(ck);
      const alert =
        established &&
        homeCountry &&
        u.nets[asn] === undefined &&
        orgUsers.filter((x) => x !== key).length < ORG_COMMON &&
        ctx.learned(e.time);
      u.nets[asn] = e.time;
      u.n++;
      const day = Math.floor(e.time / DAY);
      if (!u.days.includes(day) && u.days.length < 3) u.days.push(day);
      if (ck !== undefined && !u.countries.includes(ck) && u.countries.length < 16) u.countries.push(ck);
      if (orgUsers.length < ORG_COMMON + 1 && !orgUsers.includes(key)) st.org[asn] = [...orgUsers, key];
      if (!alert) return;
      const name = where.asOrg !== undefined ? `AS${asn} (${where.asOrg})` : `AS${asn}`;
      const others = orgUsers.filter((x) => x !== key).length;
      emit(
        partAlert(NEW_NETWORK, {
          score: hosting ? 62 : 45,
          title: `${e.user ?? key} connected from ${name}, a network new for this user`,
          reasons: [
            `${e.user ?? key} logged on remotely from ${e.srcIp ?? 'an address'} in ${name}${where.country ? `, ${where.country}` : ''} at ${iso(e.time)}`,
            `the user's ${plural(u.n - 1, 'earlier remote logon')} came only from ${usual.map((a) => `AS${a}`).join(', ')}`,
            others === 0
              ? 'nobody else in the organisation connected from this network'
              : `only ${plural(others, 'other user')} in the organisation connected from this network`,
            ...(hosting
              ? [`${where.asOrg} reads like a hosting, cloud or VPN provider: people rarely work from one`]
              : []),
          ],
          entities: { user: key, srcIp: e.srcIp, host: e.host },
          events: [e.id],
          time: e.time,
        }),
      );
    },
    snapshot: () => st,
    restore(s) {
      st = JSON.parse(JSON.stringify(s ?? { users: {}, org: {} })) as St;
    },
  };
}
