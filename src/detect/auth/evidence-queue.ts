/**
 * A source's recent failed attempts, oldest first, as parallel arrays (no object per attempt): time, record
 * id, account, status, host and count. Bounded by age (the caller drops what left the slow window) and by
 * length (the oldest entries go first).
 */

/** JSON form of an {@link EvidenceQueue}. */
export interface EvidenceQueueState {
  t: number[];
  id: string[];
  user: string[];
  status: string[];
  host: string[];
  n: number[];
}

/** Recent failures of one source. Entries live at indexes head … t.length-1. */
export class EvidenceQueue {
  t: number[] = [];
  id: string[] = [];
  user: string[] = [];
  status: string[] = [];
  host: string[] = [];
  n: number[] = [];
  head = 0;

  constructor(readonly cap: number) {}

  /** Entries held. */
  get length(): number {
    return this.t.length - this.head;
  }

  /** Append one failure; drops entries older than `dropBefore` and the oldest beyond the cap. */
  push(
    t: number,
    id: string,
    user: string,
    status: string,
    host: string,
    n: number,
    dropBefore: number,
  ): void {
    this.t.push(t);
    this.id.push(id);
    this.user.push(user);
    this.status.push(status);
    this.host.push(host);
    this.n.push(n);
    while (
      this.head < this.t.length &&
      (this.t.length - this.head > this.cap || this.t[this.head]! < dropBefore)
    ) {
      this.head++;
    }
    if (this.head >= 1024 && this.head * 2 >= this.t.length) this.compact();
  }

  /** Drop entries older than `t`. */
  dropBefore(t: number): void {
    while (this.head < this.t.length && this.t[this.head]! < t) this.head++;
    if (this.head > 0 && this.head * 2 >= this.t.length) this.compact();
  }

  /** JSON-serializable state (live entries only). */
  toJSON(): EvidenceQueueState {
    const h = this.head;
    return {
      t: this.t.slice(h),
      id: this.id.slice(h),
      user: this.user.slice(h),
      status: this.status.slice(h),
      host: this.host.slice(h),
      n: this.n.slice(h),
    };
  }

  /** Rebuild from {@link toJSON} output. */
  static fromJSON(cap: number, s: EvidenceQueueState): EvidenceQueue {
    const q = new EvidenceQueue(cap);
    q.t = s.t.slice();
    q.id = s.id.slice();
    q.user = s.user.slice();
    q.status = s.status.slice();
    q.host = s.host.slice();
    q.n = s.n.slice();
    return q;
  }

  private compact(): void {
    const h = this.head;
    this.t.splice(0, h);
    this.id.splice(0, h);
    this.user.splice(0, h);
    this.status.splice(0, h);
    this.host.splice(0, h);
    this.n.splice(0, h);
    this.head = 0;
  }
}
