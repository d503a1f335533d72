/**
 * The detection engine: hands each event, in event-time order, to the detector families that read its class,
 * keeps the watermark (latest event time seen), tells families when it moves (at most once per second of event
 * time), counts late events, and snapshots all family state for checkpoints. It stamps nothing on alerts except
 * making ids unique within a run; detectors build alerts with `makeAlert`.
 */
import type { Alert, WardEvent } from '../model/index.js';
import type { DetectorFamily, Emit } from './detector.js';

/** How often, in event time, families are told the watermark moved. */
const ADVANCE_EVERY_MS = 1000;

/** Options of {@link createEngine}. */
export interface EngineOptions {
  families: DetectorFamily[];
  emit: Emit;
}

/** Counters an engine keeps; read them any time. */
export interface EngineStats {
  events: number;
  /** Events older than the watermark when they arrived (still handed to detectors). */
  late: number;
  alerts: number;
  alertsByDetector: Record<string, number>;
  /** Latest event time seen, epoch ms; undefined before the first event. */
  watermark: number | undefined;
}

/** JSON form of an engine's state. */
export interface EngineSnapshot {
  version: 1;
  stats: EngineStats;
  lastAdvance: number | undefined;
  /** Alert ids emitted so far → how many times (repeat ids get a `-n` suffix). */
  ids: [string, number][];
  families: Record<string, unknown>;
}

/** A running engine. */
export interface Engine {
  process(e: WardEvent): void;
  /** End of input: families emit what is pending. Call once. */
  finish(): void;
  snapshot(): EngineSnapshot;
  /** Continue from a snapshot taken by an engine with the same families (families it lacks start fresh). */
  restore(state: unknown): void;
  readonly stats: EngineStats;
}

/** Create an engine over fresh detector families. */
export function createEngine(o: EngineOptions): Engine {
  const families = o.families;
  const names = new Set<string>();
  for (const f of families) {
    if (names.has(f.name)) throw new Error(`detector family ${f.name} is listed twice`);
    names.add(f.name);
  }
  // Route by class once, so the hot path is one property read and a short loop.
  const byClass = new Map<string, DetectorFamily[]>();
  for (const f of families) {
    const classes = new Set(f.detectors.flatMap((d) => d.needs));
    for (const c of classes) {
      let list = byClass.get(c);
      if (list === undefined) byClass.set(c, (list = []));
      list.push(f);
    }
  }
  const none: DetectorFamily[] = [];
  const stats: EngineStats = { events: 0, late: 0, alerts: 0, alertsByDetector: {}, watermark: undefined };
  let lastAdvance: number | undefined;
  let finished = false;
  const ids = new Map<string, number>();

  // One emit per family, made once: checks the family emits only the detector ids it declares.
  const emits = new Map<DetectorFamily, Emit>();
  for (const f of families) {
    const declared = new Set(f.detectors.map((d) => d.id));
    emits.set(f, (a: Alert) => {
      if (!declared.has(a.detector)) {
        throw new Error(`detector family ${f.name} emitted undeclared detector id ${a.detector}`);
      }
      const seen = ids.get(a.id);
      ids.set(a.id, (seen ?? 0) + 1);
      const out = seen === undefined ? a : { ...a, id: `${a.id}-${seen + 1}` };
      stats.alerts++;
      stats.alertsByDetector[a.detector] = (stats.alertsByDetector[a.detector] ?? 0) + 1;
      o.emit(out);
    });
  }
  const emitOf = (f: DetectorFamily): Emit => emits.get(f)!;

  function advance(now: number): void {
    lastAdvance = now;
    for (const f of families) f.advance(now, emitOf(f));
  }

  return {
    stats,
    process(e: WardEvent): void {
      if (finished) throw new Error('engine.process called after finish');
      stats.events++;
      const wm = stats.watermark;
      if (wm === undefined || e.time > wm) {
        stats.watermark = e.time;
        if (lastAdvance === undefined || e.time - lastAdvance >= ADVANCE_EVERY_MS) advance(e.time);
      } else if (e.time < wm) {
        stats.late++;
      }
      const list = byClass.get(e.class) ?? none;
      for (let i = 0; i < list.length; i++) {
        const f = list[i]!;
        f.handle(e, emitOf(f));
      }
    },
    finish(): void {
      if (finished) return;
      finished = true;
      if (stats.watermark !== undefined && stats.watermark !== lastAdvance) advance(stats.watermark);
      for (const f of families) f.finish(emitOf(f));
    },
    snapshot(): EngineSnapshot {
      const fam: Record<string, unknown> = {};
      for (const f of families) fam[f.name] = f.snapshot();
      return {
        version: 1,
        stats: { ...stats, alertsByDetector: { ...stats.alertsByDetector } },
        lastAdvance,
        ids: [...ids],
        families: fam,
      };
    },
    restore(state: unknown): void {
      const s = state as Partial<EngineSnapshot> | null;
      if (s === null || typeof s !== 'object' || s.version !== 1 || s.stats === undefined) {
        throw new Error('engine snapshot is not a version 1 engine snapshot');
      }
      const fam = s.families ?? {};
      // A family added since the checkpoint has no state there; it starts fresh.
      for (const f of families) if (f.name in fam) f.restore(fam[f.name]);
      Object.assign(stats, s.stats, { alertsByDetector: { ...s.stats.alertsByDetector } });
      lastAdvance = s.lastAdvance ?? undefined;
      ids.clear();
      for (const [k, n] of s.ids ?? []) ids.set(k, n);
      finished = false;
    },
  };
}
