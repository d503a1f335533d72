/**
 * Outbound volume state shared by exfil.large_upload and exfil.new_external_destination: for every connection
 * from an internal address to an external one that carried bytes out, it attributes the source (attribution.ts),
 * adds the bytes to the source entity's running total of the day, and remembers the destination.
 *
 * Entities: the attributed user (`user:jsmith`, so a person's workstation and VPN sessions share one baseline),
 * else the machine that leased the address (`host:lt-bill-031`), else the address. Peer groups: the user's
 * department from the staff context, else the source's /24. A day's total joins the entity's and the peer
 * group's daily baselines (baseline.ts) when the entity's next upload falls on a later day — unless the day was
 * alerted, so an exfiltration does not teach the baseline that it is normal.
 *
 * Destinations: the external addresses any internal host sent data to, with the time first seen, at most
 * `maxDestinations`, least recently used forgotten first; a destination first seen after the learning period
 * counts its first 24 h of bytes and evidence for the new-destination detector.
 *
 * Per connection the work is a few map lookups and additions; evidence lists are bounded.
 */
import type { WardEvent } from '../../model/index.js';
import type { Attributed } from './attribution.js';
import { addDay, emptyStat, statFrom, type DailyStat } from './baseline.js';
import {
  DAY,
  departmentOf,
  detach,
  HOUR,
  isInternalIp,
  mapFrom,
  subnetOf,
  type PartContext,
} from './common.js';

/** Daily totals are summarised in megabytes. */
export const MB = 1_000_000;
/** Evidence ids kept per entity-day and per new destination. */
export const MAX_EVIDENCE = 24;
/**
 * Connections smaller than this are counted but not kept as evidence or named destinations: a day that passes
 * hundreds of MB is explained by its large connections, and skipping the small ones keeps browsing cheap.
 */
const EVIDENCE_MIN = 1_000_000;
/** Destinations named per entity-day. */
const MAX_DESTS = 6;
/** How long a destination counts as new. */
export const NEW_WINDOW = DAY;

/** One source entity's upload state. */
export interface Entity {
  /** Current day (days since the epoch) and bytes sent to external addresses that day. */
  d: number;
  b: number;
  /** Connections that day; evidence ids of those ≥ 1 MB (first MAX_EVIDENCE, then the largest) and bytes. */
  c: number;
  ev: string[];
  evb: number[];
  /** Destinations of connections ≥ 1 MB that day with their bytes and the port of their first connection. */
  dst: string[];
  dstb: number[];
  dstp: number[];
  st: DailyStat;
  peer: string;
  /** Day alerted by large_upload, -1 when never. */
  a: number;
}

/** One external destination. */
export interface Dest {
  /** First and last seen (ms); bytes, connections and evidence of its first NEW_WINDOW when new. */
  f: number;
  l: number;
  b: number;
  c: number;
  ev?: string[];
  /** Source entities that sent to it while new (up to 4). */
  src?: string[];
  /** Alerted as a new destination. */
  a?: boolean;
}

/** The current connection as the detectors see it: filled by {@link Uploads.observe}. */
export interface Upload {
  e: WardEvent;
  bytes: number;
  key: string;
  entity: Entity;
  dest: Dest;
  /** True when the destination was first seen after the learning period, within NEW_WINDOW. */
  fresh: boolean;
  who: Attributed;
}

/** A connection's source, destination and bytes out, or undefined when it is not internal → external upload. */
function isUpload(e: WardEvent): boolean {
  const out = e.bytesOut;
  if (out === undefined || out <= 0 || e.srcIp === undefined || e.dstIp === undefined) return false;
  if (e.action !== undefined && e.action.startsWith('dhcp')) return false;
  return !isInternalIp(e.dstIp) && isInternalIp(e.srcIp);
}

/** Shared outbound-volume state; see the file comment. */
export class Uploads {
  private entities = new Map<string, Entity>();
  private peers = new Map<string, DailyStat>();
  private dests = new Map<string, Dest>();
  private readonly who: Attributed = {};
  private readonly cur: Upload;

  constructor() {
    this.cur = {
      e: undefined as unknown as WardEvent,
      bytes: 0,
      key: '',
      entity: undefined as unknown as Entity,
      dest: undefined as unknown as Dest,
      fresh: false,
      who: this.who,
    };
  }

  /** The peer group's daily baseline (empty when none). */
  peer(name: string): DailyStat {
    return this.peers.get(name) ?? emptyStat();
  }

  /** Account for one event; returns the upload (a reused object) or undefined when it is none. */
  observe(e: WardEvent, ctx: PartContext): Upload | undefined {
    if (e.class !== 'network_flow' || !isUpload(e)) return undefined;
    const src = e.srcIp!;
    const dst = e.dstIp!;
    const bytes = e.bytesOut!;
    const t = e.time;
    const who = ctx.attribution.at(src, t, this.who);
    const key =
      who.user !== undefined ? `user:${who.user}` : who.host !== undefined ? `host:${who.host}` : src;
    const day = Math.floor(t / DAY);
    let ent = this.entities.get(key);
    if (ent === undefined) {
      const dept = who.user !== undefined ? departmentOf(ctx.context, who.user) : undefined;
      ent = {
        d: day,
        b: 0,
        c: 0,
        ev: [],
        evb: [],
        dst: [],
        dstb: [],
        dstp: [],
        st: emptyStat(),
        peer: dept ?? subnetOf(src),
        a: -1,
      };
      this.entities.set(detach(key), ent);
    } else if (day > ent.d) this.closeDay(ent, day);
    ent.b += bytes;
    ent.c++;
    if (bytes >= EVIDENCE_MIN) {
      this.evidence(ent, e.id, bytes);
      this.destination(ent, dst, bytes, e.dstPort ?? 0);
    }

    let d = this.dests.get(dst);
    if (d === undefined) {
      d = { f: t, l: t, b: 0, c: 0 };
      this.dests.set(detach(dst), d);
      if (this.dests.size > ctx.cfg.maxDestinations) {
        const oldest = this.dests.keys().next().value;
        if (oldest !== undefined) this.dests.delete(oldest);
      }
    } else if (t - d.l > HOUR) {
      // Re-insert at most hourly: keeps the map in least-recently-used order without churn per connection.
      this.dests.delete(dst);
      this.dests.set(dst, d);
    }
    if (t > d.l) d.l = t;
    const fresh = ctx.learned(d.f) && t - d.f <= NEW_WINDOW;
    if (fresh) {
      d.b += bytes;
      d.c++;
      const ev = (d.ev ??= []);
      if (ev.length < MAX_EVIDENCE) ev.push(detach(e.id));
      const srcs = (d.src ??= []);
      if (srcs.length < 4 && !srcs.includes(key)) srcs.push(key);
    } else if (d.ev !== undefined) {
      d.ev = undefined;
      d.src = undefined;
    }
    const u = this.cur;
    u.e = e;
    u.bytes = bytes;
    u.key = key;
    u.entity = ent;
    u.dest = d;
    u.fresh = fresh;
    return u;
  }

  /** Move the entity to `day`: the finished day joins its baselines unless it was alerted. */
  private closeDay(ent: Entity, day: number): void {
    if (ent.a !== ent.d && ent.b > 0) {
      addDay(ent.st, ent.d, ent.b, MB);
      let p = this.peers.get(ent.peer);
      if (p === undefined) this.peers.set(ent.peer, (p = emptyStat()));
      addDay(p, ent.d, ent.b, MB);
    }
    ent.d = day;
    ent.b = 0;
    ent.c = 0;
    ent.ev.length = 0;
    ent.evb.length = 0;
    ent.dst.length = 0;
    ent.dstb.length = 0;
    ent.dstp.length = 0;
  }

  /** Keep the first MAX_EVIDENCE ids, then replace the smallest when a larger connection comes. */
  private evidence(ent: Entity, id: string, bytes: number): void {
    if (ent.ev.length < MAX_EVIDENCE) {
      ent.ev.push(detach(id));
      ent.evb.push(bytes);
      return;
    }
    let min = 0;
    for (let i = 1; i < ent.evb.length; i++) if (ent.evb[i]! < ent.evb[min]!) min = i;
    if (bytes > ent.evb[min]!) {
      ent.ev[min] = detach(id);
      ent.evb[min] = bytes;
    }
  }

  private destination(ent: Entity, dst: string, bytes: number, port: number): void {
    const i = ent.dst.indexOf(dst);
    if (i >= 0) {
      ent.dstb[i] = ent.dstb[i]! + bytes;
      return;
    }
    if (ent.dst.length < MAX_DESTS) {
      ent.dst.push(detach(dst));
      ent.dstb.push(bytes);
      ent.dstp.push(port);
    }
  }

  /** JSON-serializable state. */
  snapshot(): unknown {
    return { entities: [...this.entities], peers: [...this.peers], dests: [...this.dests] };
  }

  /** Replace state with a {@link snapshot}. */
  restore(state: unknown): void {
    const s = JSON.parse(JSON.stringify(state ?? {})) as Record<string, unknown>;
    this.entities = mapFrom<Entity>(s.entities);
    for (const ent of this.entities.values()) ent.st = statFrom(ent.st);
    this.peers = mapFrom<DailyStat>(s.peers);
    this.dests = mapFrom<Dest>(s.dests);
  }
}
