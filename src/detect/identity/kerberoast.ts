/**
 * auth.kerberoast: one account asks for RC4-encrypted service tickets for many services — the tickets are
 * cracked offline for the service accounts' passwords (Kerberoasting).
 *
 * Finds: Windows 4769 (service ticket) with success status and ticket encryption 0x17 / 0x18 (RC4-HMAC) for
 * at least `kerberoastSpns` distinct service names (krbtgt and computer accounts `HOST$` left out) from one
 * account within an hour. The threshold adapts per account: it is at least twice the most distinct RC4
 * services the account asked for in any earlier hour (a legacy application server that legitimately uses
 * RC4 sets its own level). One alert per account per hour.
 *
 * Evidence: the 4769 records of the hour.
 *
 * Misses: roasting with AES tickets (quieter, slower to crack), a few SPNs at a time, one SPN per hour.
 *
 * False positives: vulnerability scanners and inventory tools enumerating services; domains with many
 * RC4-only services where a user opens several in an hour.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtList } from '../wording.js';
import { accountKey, HOUR, iso, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.kerberoast. */
export const KERBEROAST: DetectorMeta = {
  id: 'auth.kerberoast',
  title: 'RC4 service tickets for many services from one account (Kerberoasting)',
  category: 'identity',
  attack: ['T1558.003'],
  needs: ['authentication'],
  scorePolicy: '75 at the threshold, rising by 2 per extra service up to 95',
  falsePositives: ['service enumeration by scanners', 'RC4-only legacy services opened together'],
  blindSpots: ['AES-encrypted roasting', 'a slow roast below the per-hour threshold'],
  maturity: 'experimental',
};

/** Most distinct services remembered per account and hour. */
const MAX_SPNS = 500;

interface Window {
  start: number;
  spns: string[];
  ids: string[];
  done: boolean;
}
interface St {
  w: Record<string, Window>;
  /** Most distinct RC4 services per account in an earlier hour. */
  max: Record<string, number>;
}

/** The part detecting Kerberoasting. */
export function kerberoast(): IdentityPart {
  let st: St = { w: {}, max: {} };
  return {
    meta: KERBEROAST,
    handle(e: WardEvent, ctx, emit) {
      if (e.class !== 'authentication' || e.action !== 'service_ticket' || e.outcome !== 'success') return;
      if (e.encryption !== '0x17' && e.encryption !== '0x18') return;
      const key = accountKey(e.user);
      const spn = e.resource?.toLowerCase();
      if (key === undefined || spn === undefined || spn === 'krbtgt' || spn.endsWith('$')) return;
      let w = st.w[key];
      if (w === undefined || e.time - w.start > HOUR) {
        if (w !== undefined) st.max[key] = Math.max(st.max[key] ?? 0, w.spns.length);
        w = { start: e.time, spns: [], ids: [], done: false };
        st.w[key] = w;
      }
      if (w.ids.length < 1000) w.ids.push(e.id);
      // Capped so a runaway account costs bounded memory and lookups; the threshold is far below the cap.
      if (w.spns.length < MAX_SPNS && !w.spns.includes(spn)) w.spns.push(spn);
      const threshold = Math.max(ctx.cfg.kerberoastSpns, 2 * (st.max[key] ?? 0));
      if (w.done || w.spns.length < threshold) return;
      w.done = true;
      const n = w.spns.length;
      emit(
        partAlert(KERBEROAST, {
          score: Math.min(95, 75 + 2 * (n - threshold)),
          title: `${e.user ?? key} requested RC4 service tickets for ${n} services`,
          reasons: [
            `${e.user ?? key} requested RC4-encrypted (${e.encryption}) service tickets for ${n} different services between ${iso(w.start)} and ${iso(e.time)}${e.srcIp ? ` from ${e.srcIp}` : ''}`,
            `services: ${fmtList(w.spns, n, 8)}`,
            st.max[key] !== undefined
              ? `the account's most in any earlier hour was ${st.max[key]}; threshold ${threshold}`
              : `the account had no earlier RC4 service tickets; threshold ${threshold}`,
          ],
          entities: { user: key, srcIp: e.srcIp, host: e.host },
          events: w.ids,
          time: e.time,
        }),
      );
    },
    snapshot: () => st,
    restore(s) {
      st = JSON.parse(JSON.stringify(s ?? { w: {}, max: {} })) as St;
    },
  };
}
