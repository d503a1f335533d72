/**
 * A live simulated hospital: the same simulation, replayed in time order with its clock moved to now, as
 * deliveries for the live pipeline (src/live/ingest.ts `LiveIngest.submit`). Context comes first, then one
 * delivery per source and simulated second. When a period ends the next one (next seed) follows.
 */
import { basename } from 'node:path';
import type { Delivery } from '../live/ingest.js';
import { assignIds, contextFiles, renderRecord, simulate } from './simulate.js';
import { LOG_FILES, type LogFile, type SimRecord } from './record.js';

const DAY = 86_400_000;

/** Format id (src/ingest/registry.ts) of each output. */
const FORMAT: Record<LogFile, string> = {
  audit: 'fhir-audit-event',
  windows: 'windows-event',
  sshd: 'syslog',
  fortigate: 'syslog',
  globalprotect: 'syslog',
  openvpn: 'syslog',
  dhcp: 'syslog',
  zeek: 'zeek',
  telemetry: 'device-telemetry',
  adt: 'hl7v2',
};

/** Options of the live simulation. */
export interface LiveOptions {
  seed: number;
  /** Simulated seconds per wall-clock second (1 = real time; 60 = an hour a minute). */
  speed: number;
  staff?: number;
  patients?: number;
  /** Days per simulated period before the next one starts. */
  days?: number;
  /** Wall clock, injectable for tests. */
  now?: () => number;
  /** Waits, injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Stop after this many periods (default: never). */
  periods?: number;
  /**
   * History to deliver at once before going live, ms (default 0). The first period then starts at midnight
   * of the day `now - backfillMs` falls in, events keep their real clock times, and everything before now is
   * delivered without waiting — so a new console shows a day or two of hospital, and its alerts, at once.
   */
  backfillMs?: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function chunks(records: string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < records.length; i += size) out.push(records.slice(i, i + size));
  return out;
}

/**
 * Deliveries of a live simulated hospital, in time order, paced by `speed`. Without backfill, event times start
 * at now (the period's midnight is moved to now); with backfill, events carry real clock times and only those
 * after now are paced.
 */
export async function* simulateLive(opt: LiveOptions): AsyncGenerator<Delivery> {
  const now = opt.now ?? Date.now;
  const sleep = opt.sleep ?? realSleep;
  const speed = opt.speed > 0 ? opt.speed : 1;
  for (let period = 0; opt.periods === undefined || period < opt.periods; period++) {
    const days = opt.days ?? 7;
    const wallStart = now();
    const backfill = period === 0 ? Math.max(0, opt.backfillMs ?? 0) : 0;
    // Periods start at midnight so shifts fall at the right hours; the offset moves that midnight to now
    // (or, with backfill, keeps real clock times).
    const start = Math.floor((wallStart - backfill) / DAY) * DAY;
    const sim = simulate({
      seed: opt.seed + period,
      staff: opt.staff ?? 120,
      patients: opt.patients ?? 1500,
      days,
      start,
    });
    const byFile = assignIds(sim, `r${period}-`);
    for (const [name, lines] of contextFiles(sim)) {
      for (const part of chunks(lines, 500))
        yield { source: `sim-${name}`, format: 'fhir-bulk', records: part };
    }
    const offset = backfill > 0 ? 0 : wallStart - start;
    const patients = new Map(sim.world.patients.map((p) => [p.id, p]));
    const all: SimRecord[] = [];
    for (const list of byFile.values()) all.push(...list);
    all.sort((a, b) => a.time - b.time || a.seq - b.seq);
    let i = 0;
    while (i < all.length) {
      const first = all[i];
      if (!first) break;
      const second = Math.floor(first.time / 1000);
      const groups = new Map<LogFile, string[]>();
      for (; i < all.length; i++) {
        const r = all[i];
        if (!r || Math.floor(r.time / 1000) !== second) break;
        let g = groups.get(r.file);
        if (!g) groups.set(r.file, (g = []));
        g.push(renderRecord(r, r.time + offset, patients, true));
      }
      // Records before the anchor (the backfilled history) are due at once.
      const due = wallStart + (first.time - (backfill > 0 ? wallStart : start)) / speed;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      for (const [file, records] of groups) {
        yield { source: `sim-${basename(LOG_FILES[file])}`, format: FORMAT[file], records };
      }
    }
  }
}
