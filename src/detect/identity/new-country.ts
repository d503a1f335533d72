/**
 * auth.new_country: a remote-access session from a country this user has never connected from.
 *
 * Finds: a successful VPN / remote-access logon whose gateway names the country (FortiGate `srccountry`,
 * GlobalProtect `srcregion`), or any successful logon from a public address placed by the offline GeoIP
 * (src/enrich/geoip.ts: Windows, sshd, gateways that name no country), when that country is not in the user's learned set — after the user has at
 * least one earlier remote logon with a country, or, for a user without history, when fewer than three
 * other users of the organisation connect from that country (the organisation as the peer group). Each user keeps up to 16 countries with the time last seen;
 * countries unused for 90 days are forgotten, so a finished posting abroad stops counting as normal. Alerts
 * only after the learning period, at most once per user and country.
 *
 * Evidence: the logon record.
 *
 * Misses: logons from private addresses behind a gateway that names no country; an attacker using a VPN exit
 * or cloud host in the user's own country.
 *
 * False positives: travel, roaming mobile carriers, commercial VPN and cloud egress in another country.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { plural } from '../wording.js';
import {
  accountKey,
  DAY,
  iso,
  isRemoteLogon,
  isSuccessLogon,
  keepRecent,
  partAlert,
  seenWithin,
} from './common.js';
import type { IdentityPart } from './common.js';
import { countryKey } from './geo.js';

/** Metadata of auth.new_country. */
export const NEW_COUNTRY: DetectorMeta = {
  id: 'auth.new_country',
  title: 'Remote access from a country new for this user',
  category: 'identity',
  attack: ['T1078', 'T1133'],
  needs: ['authentication'],
  scorePolicy:
    '65 for a country new to the user, 80 when nobody in the organisation connected from it before',
  falsePositives: ['travel', 'roaming carriers and VPN or cloud egress abroad'],
  blindSpots: ['logs without a country', 'attacker egress in the user’s own country'],
  maturity: 'experimental',
};

const MAX_COUNTRIES = 16;
const FORGET_MS = 90 * DAY;
/** For a user without history: a country fewer than this many other users connect from is unusual. */
const ORG_COMMON = 3;

interface User {
  /** country → last seen. */
  c: Record<string, number>;
  n: number;
}
interface St {
  users: Record<string, User>;
  /** country → users who connected from it (up to ORG_COMMON; the organisation as a peer group). */
  org: Record<string, string[]>;
}

/** The part detecting remote access from a new country. */
export function newCountry(): IdentityPart {
  let st: St = { users: {}, org: {} };
  return {
    meta: NEW_COUNTRY,
    handle(e: WardEvent, ctx, emit) {
      if (!isSuccessLogon(e) || !isRemoteLogon(e)) return;
      const country = ctx.origin(e)?.country;
      if (country === undefined) return;
      const key = accountKey(e.user);
      if (key === undefined) return;
      const ck = countryKey(country);
      let u = st.users[key];
      if (u === undefined) u = st.users[key] = { c: {}, n: 0 };
      u.c = seenWithin(u.c, e.time, FORGET_MS);
      const known = u.c[ck] !== undefined;
      const orgUsers = st.org[ck] ?? [];
      const orgNew = orgUsers.length === 0;
      const prior = Object.keys(u.c);
      const alert = !known && ctx.learned(e.time) && (prior.length > 0 || orgUsers.length < ORG_COMMON);
      u.c[ck] = e.time;
      u.n++;
      if (orgUsers.length < ORG_COMMON && !orgUsers.includes(key)) st.org[ck] = [...orgUsers, key];
      u.c = keepRecent(u.c, MAX_COUNTRIES);
      if (!alert) return;
      emit(
        partAlert(NEW_COUNTRY, {
          score: orgNew ? 80 : 65,
          title: `${e.user ?? key} connected from ${country}, a new country for this user`,
          reasons: [
            `${e.user ?? key} started a remote-access session from ${country}${e.srcIp ? ` (${e.srcIp})` : ''} at ${iso(e.time)}${e.attrs?.gateway ? ` through ${e.attrs.gateway}` : ''}`,
            prior.length > 0
              ? `the user's earlier remote logons came only from ${prior.join(', ')} (${u.n - 1} logons)`
              : `the user had no earlier remote logon with a known country, and ${orgUsers.length === 0 ? 'nobody' : `only ${plural(orgUsers.length, 'other user')}`} in the organisation connected from ${country}`,
            ...(orgNew
              ? [`nobody in the organisation connected from ${country} before in the observed history`]
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
