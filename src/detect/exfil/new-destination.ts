/**
 * exfil.new_external_destination: a large volume sent to an external address that no host of the site used
 * before.
 *
 * Finds: external destinations first seen after the learning period (uploads.ts keeps every destination any
 * internal host sent data to, least recently used forgotten beyond `maxDestinations`). Within 24 h of its first
 * sighting, the bytes sent to it are summed; once they pass the larger of `newDestinationBytes` (250 MB) and
 * `uploadRatio` × the sending entity's own p95 daily upload, one alert per destination. Complements
 * exfil.large_upload: catches the transfer that stays under the daily-volume threshold but goes somewhere new.
 *
 * Evidence: the connections to the destination in its first 24 h (up to 24 ids), the attribution records.
 *
 * Misses: exfiltration to a destination already in use (a shared cloud service, a compromised known partner);
 * destinations rotated across many addresses each under the threshold; uploads through a proxy.
 *
 * False positives: a new cloud or SaaS service, a vendor's new support upload site, a CDN changing addresses,
 * a destination forgotten from the bounded memory and seen again.
 */
import type { DetectorMeta } from '../detector.js';
import { fmtSpan, plural } from '../wording.js';
import { AddressAttribution } from './attribution.js';
import { p95, usual } from './baseline.js';
import { fmtBytes, isoMinute, partAlert, type ExfilPart } from './common.js';
import { entityName, entityWord } from './large-upload.js';
import { MB, type Upload } from './uploads.js';

/** Metadata of exfil.new_external_destination. */
export const NEW_DESTINATION: DetectorMeta = {
  id: 'exfil.new_external_destination',
  title: 'Large upload to an external address never used before',
  category: 'exfiltration',
  attack: ['T1048', 'T1567'],
  needs: ['network_flow', 'authentication'],
  scorePolicy: '55; +10 when the volume is over 4 × the threshold; +10 when a single source sent it all',
  falsePositives: ['a new cloud or SaaS service', 'a CDN changing addresses', 'vendor support uploads'],
  blindSpots: ['destinations already in use', 'volume spread over many new addresses', 'proxies'],
  maturity: 'experimental',
};

/** The part detecting large volumes to new external destinations; reads the shared uploads state. */
export function newDestination(current: () => Upload | undefined): ExfilPart {
  return {
    meta: NEW_DESTINATION,
    handle(e, ctx, emit) {
      const u = current();
      if (u === undefined || u.e !== e || !u.fresh || !ctx.learned(e.time)) return;
      const d = u.dest;
      if (d.a === true || d.b < ctx.cfg.newDestinationBytes) return;
      const ent = u.entity;
      const own = ent.st.n > 0 ? p95(ent.st, MB) : 0;
      const threshold = Math.max(ctx.cfg.newDestinationBytes, ctx.cfg.uploadRatio * own);
      if (d.b < threshold) return;
      d.a = true;
      const dst = e.dstIp ?? '';
      const src = e.srcIp ?? '';
      const name = entityName(u.key);
      const kind = entityWord(u.key);
      const single = d.src?.length === 1;
      const reasons = [
        `${name} (${src}) sent ${fmtBytes(d.b)} to ${dst}${e.dstPort !== undefined ? ` port ${e.dstPort}` : ''} ${d.c > 1 ? `in ${plural(d.c, 'connection')} within ${fmtSpan(e.time - d.f)}` : 'in one connection'}`,
        `no host here sent data to ${dst} before ${isoMinute(d.f)}${single ? '; this is the only source using it' : `; ${plural(d.src?.length ?? 0, 'source')} used it since`}`,
        ent.st.n > 0
          ? `this ${kind}'s usual daily upload is ${fmtBytes(usual(ent.st, MB))} (p95 ${fmtBytes(own)}); threshold ${fmtBytes(threshold)}`
          : `no earlier upload to the internet from this ${kind}; threshold ${fmtBytes(threshold)}`,
      ];
      const why = AddressAttribution.explain(src, u.who);
      if (why !== undefined) reasons.push(why);
      const evidence = (d.ev ?? [e.id]).slice();
      if (u.who.userBy !== undefined) evidence.push(u.who.userBy.id);
      if (u.who.hostBy !== undefined) evidence.push(u.who.hostBy.id);
      const web = e.dstPort === 443 || e.dstPort === 80 || e.dstPort === 8443 || e.dstPort === 8080;
      emit(
        partAlert(NEW_DESTINATION, {
          score: 55 + (d.b >= 4 * threshold ? 10 : 0) + (single ? 10 : 0),
          title: `${name} sent ${fmtBytes(d.b)} to ${dst}, a destination new to the site`,
          reasons,
          entities: { user: u.who.user, host: u.who.host, srcIp: src, dstIp: dst },
          events: evidence,
          omitted: Math.max(0, d.c - (d.ev?.length ?? 1)),
          time: e.time,
          attack: [web ? 'T1567' : 'T1048'],
        }),
      );
    },
    snapshot: () => null,
    restore() {
      // State lives in the shared Uploads.
    },
  };
}
