/**
 * exfil.large_upload: a host or person sends far more data to the internet in a day than it — or, without its
 * own history, its peers — usually does.
 *
 * Finds: connections from an internal address to an external one (Zeek conn `orig_bytes`), summed per entity
 * and UTC day (uploads.ts: the attributed user, else the leased machine, else the address). The running total
 * alerts once it passes the larger of `uploadMinBytes` (500 MB) and `uploadRatio` (2) × the 95th percentile of
 * the entity's own daily uploads; an entity without history is held against its peer group's (department or
 * /24) p95, and failing that the floor alone. One alert per entity and day, after the learning period; alerted
 * days do not join the baseline.
 *
 * Evidence: the day's largest connections (up to 24 ids), the attribution records.
 *
 * Misses: slow exfiltration under the floor or spread over many days; uploads through a proxy or a tunnel that
 * hides the internal source; traffic the sensor does not see; destinations inside address space treated as
 * internal.
 *
 * False positives: first backups to a new cloud service, a video or image upload (teleradiology, conference
 * recordings), OS images pushed from a workstation; large transfers by a host whose baseline is young.
 */
import type { DetectorMeta } from '../detector.js';
import { fmtInt, plural } from '../wording.js';
import { AddressAttribution } from './attribution.js';
import { p95, usual, type DailyStat } from './baseline.js';
import { fmtBytes, partAlert, thresholdWords, type ExfilPart } from './common.js';
import { MB, type Upload } from './uploads.js';

/** Metadata of exfil.large_upload. */
export const LARGE_UPLOAD: DetectorMeta = {
  id: 'exfil.large_upload',
  title: 'Unusually large upload to the internet',
  category: 'exfiltration',
  attack: ['T1048', 'T1567'],
  needs: ['network_flow', 'authentication'],
  scorePolicy:
    '60; +10 when a destination is new to the whole site, +10 when the total is over 10 × the threshold, +5 when the entity had no upload history',
  falsePositives: [
    'first backup to a new cloud service',
    'teleradiology or video uploads by a young baseline',
    'OS or software images pushed from a workstation',
  ],
  blindSpots: [
    'slow exfiltration under the daily floor',
    'proxies and tunnels hiding the source',
    'unmonitored links',
  ],
  maturity: 'experimental',
};

/** Web ports: an upload over them is "exfiltration over web service" (T1567), other ports T1048. */
function isWebPort(p: number): boolean {
  return p === 443 || p === 80 || p === 8443 || p === 8080;
}

/** Entity kind word from its key. */
export function entityWord(key: string): string {
  return key.startsWith('user:') ? 'user' : key.startsWith('host:') ? 'machine' : 'address';
}

/** Display name of an entity key. */
export function entityName(key: string): string {
  const c = key.indexOf(':');
  return key.startsWith('user:') || key.startsWith('host:') ? key.slice(c + 1) : key;
}

/** The part detecting unusually large daily uploads; reads the shared uploads state and peer baselines. */
export function largeUpload(
  peerOf: (name: string) => DailyStat,
  current: () => Upload | undefined,
): ExfilPart {
  return {
    meta: LARGE_UPLOAD,
    handle(e, ctx, emit) {
      const u = current();
      if (u === undefined || u.e !== e || !ctx.learned(e.time)) return;
      const ent = u.entity;
      // The floor is the cheapest test and rules out nearly every connection before any baseline arithmetic.
      if (ent.a === ent.d || ent.b < ctx.cfg.uploadMinBytes) return;
      const own = ent.st.n > 0 ? p95(ent.st, MB) : 0;
      const peer = peerOf(ent.peer);
      const peerP95 = peer.n >= 3 ? p95(peer, MB) : 0;
      const ref = ent.st.n > 0 ? own : peerP95;
      const threshold = Math.max(ctx.cfg.uploadMinBytes, ctx.cfg.uploadRatio * ref);
      if (ent.b < threshold) return;
      ent.a = ent.d;
      // The day's main destination, for the title and the ATT&CK choice.
      let top = 0;
      for (let i = 1; i < ent.dst.length; i++) if (ent.dstb[i]! > ent.dstb[top]!) top = i;
      const dst = ent.dst[top] ?? e.dstIp ?? '';
      const port = ent.dstp[top] ?? 0;
      const newSite = u.fresh && u.dest.src?.length === 1;
      const kind = entityWord(u.key);
      const name = entityName(u.key);
      const who = u.who;
      const src = e.srcIp ?? '';
      const day = new Date(ent.d * 86_400_000).toISOString().slice(0, 10);
      const dests = ent.dst.map((d, i) => `${d} (${fmtBytes(ent.dstb[i]!)})`).join(', ');
      const reasons = [
        `${name} (${src}) sent ${fmtBytes(ent.b)} to the internet on ${day} (UTC) in ${plural(ent.c, 'connection')}${dests !== '' ? `, mostly to ${dests}` : ''}${newSite ? `; ${dst} is a destination no host here used before` : ''}`,
        ent.st.n > 0
          ? `this ${kind}'s usual daily upload is ${fmtBytes(usual(ent.st, MB))} (p95 ${fmtBytes(own)}, ${plural(ent.st.n, 'day')} of history)`
          : `no earlier upload to the internet from this ${kind} in the observed history`,
        peer.n >= 3
          ? `peers in ${ent.peer}: usual ${fmtBytes(usual(peer, MB))} a day (p95 ${fmtBytes(peerP95)}, ${fmtInt(peer.n)} ${kind}-days)`
          : `no peer history in ${ent.peer} yet`,
        `alert threshold ${fmtBytes(threshold)}: ${thresholdWords(fmtBytes(ctx.cfg.uploadMinBytes), ctx.cfg.uploadRatio, ent.st.n > 0 ? 'own' : peer.n >= 3 ? 'peer' : undefined)}`,
      ];
      const why = AddressAttribution.explain(src, who);
      if (why !== undefined) reasons.push(why);
      const evidence = ent.ev.slice();
      evidence.push(e.id);
      if (who.userBy !== undefined) evidence.push(who.userBy.id);
      if (who.hostBy !== undefined) evidence.push(who.hostBy.id);
      let score = 60;
      if (newSite) score += 10;
      if (ent.b >= 10 * threshold) score += 10;
      if (ent.st.n === 0) score += 5;
      emit(
        partAlert(LARGE_UPLOAD, {
          score,
          title: `${name} uploaded ${fmtBytes(ent.b)} to ${dst}, far above its usual`,
          reasons,
          entities: { user: who.user, host: who.host, srcIp: src, dstIp: dst },
          events: evidence,
          omitted: Math.max(0, ent.c - ent.ev.length),
          time: e.time,
          attack: [isWebPort(port) ? 'T1567' : 'T1048'],
        }),
      );
    },
    // State lives in the shared Uploads, snapshotted by the family.
    snapshot: () => null,
    restore() {
      // Nothing of its own.
    },
  };
}
