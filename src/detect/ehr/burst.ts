/**
 * A per-user sliding window of accesses to distinct patients, with a learned base rate: the decayed mean of
 * distinct patients per active hour, per user and per peer group (role class). The bulk detectors alert when the
 * window holds more distinct patients than both a floor and a multiple of the larger base rate.
 */

const HOUR = 3_600_000;

interface UserWindow {
  /** Accesses in the window: time, patient key, evidence id. */
  items: { t: number; p: string; id: string }[];
  /** Distinct patients in the current clock hour (for learning). */
  hour: number;
  hourPatients: string[];
  mean: number;
  hours: number;
  firing: boolean;
}

/** Settings of a burst counter. */
export interface BurstSettings {
  windowMs: number;
  /** Never alert below this many distinct patients in the window. */
  floor: number;
  /** Alert above this multiple of the learned rate per hour (scaled to the window). */
  factor: number;
}

/** What {@link BurstCounter.add} found. */
export interface Burst {
  /** True the first time the threshold is crossed in a burst; later accesses of the same burst are `more`. */
  started: boolean;
  distinct: number;
  threshold: number;
  spanMs: number;
  ids: string[];
}

/** Sliding distinct-patient windows per user, with learned rates. */
export class BurstCounter {
  private users = new Map<string, UserWindow>();
  private peers = new Map<string, { mean: number; hours: number }>();

  constructor(private readonly s: BurstSettings) {}

  /** Add an access; returns the burst when the user is above threshold. */
  add(user: string, peer: string, t: number, patient: string, id: string): Burst | undefined {
    let w = this.users.get(user);
    if (!w)
      this.users.set(
        user,
        (w = { items: [], hour: Math.floor(t / HOUR), hourPatients: [], mean: 0, hours: 0, firing: false }),
      );
    const h = Math.floor(t / HOUR);
    if (h !== w.hour) {
      this.learn(w, peer);
      w.hour = h;
      w.hourPatients = [];
    }
    if (!w.hourPatients.includes(patient)) w.hourPatients.push(patient);
    w.items.push({ t, p: patient, id });
    let drop = 0;
    while (drop < w.items.length && t - (w.items[drop]?.t ?? t) > this.s.windowMs) drop++;
    if (drop > 0) w.items.splice(0, drop);
    const distinct = new Set(w.items.map((x) => x.p)).size;
    const peerRate = this.peers.get(peer);
    const rate = Math.max(
      w.hours >= 8 ? w.mean : 0,
      (peerRate?.hours ?? 0) >= 20 ? (peerRate?.mean ?? 0) : 0,
    );
    const threshold = Math.max(
      this.s.floor,
      Math.ceil(rate * this.s.factor * Math.max(1, this.s.windowMs / HOUR)),
    );
    if (distinct < threshold) {
      if (distinct < threshold / 2) w.firing = false;
      return undefined;
    }
    const started = !w.firing;
    w.firing = true;
    const first = w.items[0]?.t ?? t;
    return {
      started,
      distinct,
      threshold,
      spanMs: t - first,
      ids: started ? w.items.map((x) => x.id) : [id],
    };
  }

  /** Fold a finished hour into the user's and the peers' rates, unless the hour was itself a burst. */
  private learn(w: UserWindow, peer: string): void {
    const n = w.hourPatients.length;
    if (n === 0 || w.firing || n >= this.s.floor) return;
    w.mean = w.hours === 0 ? n : w.mean * 0.9 + n * 0.1;
    w.hours++;
    const p = this.peers.get(peer) ?? { mean: n, hours: 0 };
    p.mean = p.hours === 0 ? n : p.mean * 0.98 + n * 0.02;
    p.hours++;
    this.peers.set(peer, p);
  }

  /** JSON state. */
  snapshot(): unknown {
    return { users: [...this.users], peers: [...this.peers] };
  }

  /** Replace state. */
  restore(state: unknown): void {
    const s = state as { users: [string, UserWindow][]; peers: [string, { mean: number; hours: number }][] };
    this.users = new Map(s.users);
    this.peers = new Map(s.peers);
  }
}
