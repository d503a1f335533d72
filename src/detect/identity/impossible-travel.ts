/**
 * auth.impossible_travel: two remote-access sessions of one user from places too far apart for the time
 * between them — one of them is probably someone else with the user's credentials.
 *
 * Finds: two successful remote logons of one user whose countries (named by the gateway, else GeoIP of the
 * public source address) are at least 500 km apart
 * (country centroids, geo.ts) with an implied speed above `travelKmh`. Needs no learning: it is physics, not
 * a baseline. At most one alert per user and pair of countries a week.
 *
 * Evidence: both logon records.
 *
 * Misses: travel inside one country (centroids only), logs without a country, an attacker in the same
 * country as the user.
 *
 * False positives: a user on a commercial VPN or mobile carrier egressing abroad while also on the home
 * connection; split tunnels; neighbouring countries near a border (the 500 km floor limits this).
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtInt, fmtSpan } from '../wording.js';
import { accountKey, DAY, HOUR, iso, isRemoteLogon, isSuccessLogon, partAlert } from './common.js';
import type { IdentityPart } from './common.js';
import { distanceKm, placeOf } from './geo.js';

/** Metadata of auth.impossible_travel. */
export const IMPOSSIBLE_TRAVEL: DetectorMeta = {
  id: 'auth.impossible_travel',
  title: 'Remote sessions from places too far apart for the time between them',
  category: 'identity',
  attack: ['T1078'],
  needs: ['authentication'],
  scorePolicy: '75, 85 above 5,000 km/h',
  falsePositives: ['VPN or mobile egress abroad alongside the home connection'],
  blindSpots: ['travel inside one country', 'logs without a country'],
  maturity: 'experimental',
};

/** A user and pair of countries alert again only after this long. */
const REPEAT_MS = 7 * DAY;

/** Less than this between centroids is not treated as travel (neighbouring countries, border regions). */
const MIN_KM = 500;

interface Last {
  t: number;
  country: string;
  ip?: string;
  id: string;
}
interface St {
  last: Record<string, Last>;
  alerted: Record<string, number>;
}

/** The part detecting impossible travel. */
export function impossibleTravel(): IdentityPart {
  let st: St = { last: {}, alerted: {} };
  return {
    meta: IMPOSSIBLE_TRAVEL,
    handle(e: WardEvent, ctx, emit) {
      if (!isSuccessLogon(e) || !isRemoteLogon(e)) return;
      const country = ctx.origin(e)?.country;
      if (country === undefined) return;
      const key = accountKey(e.user);
      const here = placeOf(country);
      if (key === undefined || here === undefined) return;
      const prev = st.last[key];
      const cur: Last = { t: e.time, country, id: e.id };
      if (e.srcIp !== undefined) cur.ip = e.srcIp;
      st.last[key] = cur;
      if (prev === undefined) return;
      const there = placeOf(prev.country);
      if (there === undefined || there.code === here.code) return;
      const km = distanceKm(there, here);
      const hours = Math.max(e.time - prev.t, 60_000) / HOUR;
      const kmh = km / hours;
      if (km < MIN_KM || kmh <= ctx.cfg.travelKmh) return;
      // The same two places alternating again is the same story (a shared account, a split tunnel, or the
      // same intruder): one alert per user and pair of countries a week.
      const pair = `${key}\u0000${[there.code, here.code].sort().join('-')}`;
      const lastAlert = st.alerted[pair];
      if (lastAlert !== undefined && e.time - lastAlert < REPEAT_MS) return;
      st.alerted = Object.fromEntries(Object.entries(st.alerted).filter(([, t]) => e.time - t < REPEAT_MS));
      st.alerted[pair] = e.time;
      emit(
        partAlert(IMPOSSIBLE_TRAVEL, {
          score: kmh > 5000 ? 85 : 75,
          title: `${e.user ?? key}: sessions from ${prev.country} and ${country} ${fmtSpan(e.time - prev.t)} apart`,
          reasons: [
            `${e.user ?? key} connected from ${prev.country}${prev.ip ? ` (${prev.ip})` : ''} at ${iso(prev.t)} and from ${country}${e.srcIp ? ` (${e.srcIp})` : ''} at ${iso(e.time)}`,
            `about ${fmtInt(km)} km apart in ${fmtSpan(e.time - prev.t)}: ${fmtInt(kmh)} km/h, above ${fmtInt(ctx.cfg.travelKmh)} km/h`,
          ],
          entities: { user: key, srcIp: e.srcIp, previousIp: prev.ip },
          events: [prev.id, e.id],
          time: e.time,
        }),
      );
    },
    snapshot: () => st,
    restore(s) {
      st = JSON.parse(JSON.stringify(s ?? { last: {}, alerted: {} })) as St;
    },
  };
}
