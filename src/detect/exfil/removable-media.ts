/**
 * exfil.removable_media: a person copies far more files to USB disks or memory cards in a day than they — or
 * their colleagues — usually do.
 *
 * Finds: Windows 4663 object accesses in the Removable Storage category with write access (`removable_write`),
 * counted per user and UTC day (the account in the event, else the person logged on at the machine). Alerts
 * once the day's count passes the larger of `removableFiles` (50) and `uploadRatio` × the user's own p95 of daily
 * files written; a user without history is held against the department's p95 (staff context), and failing that
 * the floor. The last device recognised on the machine (6416) is named. One alert per user and day, after the
 * learning period; alerted days do not join the baseline.
 *
 * Evidence: the day's write events (up to 50), the device record.
 *
 * Misses: sites without the Removable Storage audit policy; few large files (an archive, a database dump) —
 * Windows logs no size; MTP phones that do not show as a disk; copies made outside Windows.
 *
 * False positives: clinical images or teaching material copied for a conference, a backup to an encrypted USB
 * disk, IT staff preparing installation media.
 */
import type { DetectorMeta } from '../detector.js';
import { fmtInt, plural } from '../wording.js';
import { accountKey } from '../identity/common.js';
import { hostKey } from '../identity/common.js';
import { p95, usual } from './baseline.js';
import {
  ALL_USERS,
  departmentOf,
  peerWords,
  thresholdWords,
  isoMinute,
  mapFrom,
  partAlert,
  type ExfilPart,
} from './common.js';
import { DailyTotals } from './daily-totals.js';

/** Metadata of exfil.removable_media. */
export const REMOVABLE_MEDIA: DetectorMeta = {
  id: 'exfil.removable_media',
  title: 'Unusually many files written to removable media',
  category: 'exfiltration',
  attack: ['T1052.001'],
  needs: ['data_transfer', 'authentication'],
  scorePolicy:
    '60; +10 when the count is over 4 × the threshold; +10 when the user never wrote to removable media before',
  falsePositives: [
    'material copied for a conference or teaching',
    'backups to an encrypted USB disk',
    'IT installation media',
  ],
  blindSpots: [
    'sites without Removable Storage auditing',
    'few large files (no size in the log)',
    'phones over MTP',
  ],
  maturity: 'experimental',
};

/** The last external device recognised on a machine. */
interface Device {
  r: string;
  cls?: string;
  id: string;
  t: number;
}

/** Last path segment of a file name (`\Device\HarddiskVolume7\claims\q1.xlsx` → `q1.xlsx`). */
function fileName(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i >= 0 ? path.slice(i + 1) : path;
}

/** The part detecting mass copies to removable media. */
export function removableMedia(): ExfilPart {
  let files = new DailyTotals(1);
  let devices = new Map<string, Device>();
  return {
    meta: REMOVABLE_MEDIA,
    handle(e, ctx, emit) {
      if (e.class !== 'data_transfer') return;
      if (e.action === 'device_connected') {
        if (e.host === undefined) return;
        const d: Device = { r: e.resource ?? 'an external device', id: e.id, t: e.time };
        if (e.attrs?.deviceClass !== undefined) d.cls = e.attrs.deviceClass;
        devices.set(hostKey(e.host), d);
        return;
      }
      if (e.action !== 'removable_write') return;
      const host = e.host !== undefined ? hostKey(e.host) : undefined;
      const user =
        accountKey(e.user) ?? (host !== undefined ? ctx.attribution.userOnHost(host, e.time)?.v : undefined);
      const key = user ?? (host !== undefined ? `host:${host}` : undefined);
      if (key === undefined) return;
      const peer = departmentOf(ctx.context, user) ?? ALL_USERS;
      const y = files.add(
        key,
        peer,
        e.time,
        1,
        e.id,
        e.resource !== undefined ? fileName(e.resource) : undefined,
      );
      if (!ctx.learned(e.time) || y.a === y.d || y.n < ctx.cfg.removableFiles) return;
      const own = y.st.n > 0 ? p95(y.st, 1) : 0;
      const peers = files.peer(y.peer);
      const peerP95 = peers.n >= 3 ? p95(peers, 1) : 0;
      const threshold = Math.max(ctx.cfg.removableFiles, ctx.cfg.uploadRatio * (y.st.n > 0 ? own : peerP95));
      if (y.n < threshold) return;
      y.a = y.d;
      const dev = host !== undefined ? devices.get(host) : undefined;
      const name = user ?? key;
      const day = new Date(y.d * 86_400_000).toISOString().slice(0, 10);
      const reasons = [
        `${name} had written ${plural(y.n, 'file')} to removable media${host !== undefined ? ` on ${host}` : ''} by ${isoMinute(e.time)} on ${day} (UTC), e.g. ${y.x.join(', ')}`,
        y.st.n > 0
          ? `this user usually writes ${fmtInt(usual(y.st, 1))} files a day to removable media (p95 ${fmtInt(own)}, ${plural(y.st.n, 'day')} with copies)`
          : 'this user never wrote to removable media before in the observed history',
        peers.n >= 3
          ? `peers ${peerWords(y.peer)}: usual ${fmtInt(usual(peers, 1))} files a day (p95 ${fmtInt(peerP95)})`
          : `no peer history ${peerWords(y.peer)} yet`,
        `alert threshold ${fmtInt(threshold)} files: ${thresholdWords(fmtInt(ctx.cfg.removableFiles), ctx.cfg.uploadRatio, y.st.n > 0 ? 'own' : peers.n >= 3 ? 'peer' : undefined)}`,
      ];
      if (dev !== undefined)
        reasons.push(
          `device: ${dev.r}${dev.cls !== undefined ? ` (${dev.cls})` : ''} recognised on ${host ?? 'the machine'} at ${isoMinute(dev.t)}`,
        );
      if (accountKey(e.user) === undefined && user !== undefined)
        reasons.push(`attribution: ${user} was logged on at ${host ?? 'the machine'} (interactive logon)`);
      const evidence = y.ev.slice();
      if (dev !== undefined) evidence.push(dev.id);
      let score = 60;
      if (y.n >= 4 * threshold) score += 10;
      if (y.st.n === 0) score += 10;
      emit(
        partAlert(REMOVABLE_MEDIA, {
          score,
          title: `${name} copied ${plural(y.n, 'file')} to removable media`,
          reasons,
          entities: { user, host },
          events: evidence,
          omitted: Math.max(0, y.c - y.ev.length),
          time: e.time,
        }),
      );
    },
    snapshot: () => ({ files: files.snapshot(), devices: [...devices] }),
    restore(s) {
      const st = (s ?? {}) as { files?: unknown; devices?: unknown };
      files = new DailyTotals(1);
      files.restore(st.files);
      devices = mapFrom<Device>(JSON.parse(JSON.stringify(st.devices ?? [])) as unknown);
    },
  };
}
