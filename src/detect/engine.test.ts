import { describe, expect, it } from 'vitest';
import type { Alert, WardEvent } from '../model/index.js';
import { makeAlert } from './alert.js';
import type { DetectorFamily, Emit } from './detector.js';
import { createEngine } from './engine.js';

const T0 = Date.UTC(2026, 0, 1);

function ev(id: string, time: number, cls: WardEvent['class'] = 'authentication'): WardEvent {
  return { id, source: 't', format: 'test', class: cls, time, outcome: 'failure' };
}

/** Emits one alert for every third authentication event, when time advances past it; records advances. */
function counting(name = 'counting'): DetectorFamily & { advances: number[]; handled: string[] } {
  let pending: string[] = [];
  let n = 0;
  let last = 0;
  const fam = {
    name,
    advances: [] as number[],
    handled: [] as string[],
    detectors: [
      {
        id: 'test.every_third',
        title: 'every third event',
        category: 'identity' as const,
        attack: [],
        needs: ['authentication' as const],
        scorePolicy: 'fixed 50',
        falsePositives: [],
        blindSpots: [],
        maturity: 'experimental' as const,
      },
    ],
    handle(e: WardEvent): void {
      fam.handled.push(e.id);
      pending.push(e.id);
      last = Math.max(last, e.time);
    },
    advance(now: number, emit: Emit): void {
      fam.advances.push(now);
      while (pending.length >= 3) {
        const ids = pending.splice(0, 3);
        n++;
        emit(
          makeAlert({
            detector: 'test.every_third',
            category: 'identity',
            score: 50,
            title: `batch ${n}`,
            reasons: ['three events'],
            entities: { batch: 'same' },
            events: ids.length > 0 ? [ids[0]!] : [],
            attack: [],
            time: now,
          }),
        );
      }
    },
    finish(emit: Emit): void {
      fam.advance(last, emit);
    },
    snapshot: () => ({ pending: [...pending], n, last }),
    restore(s: unknown): void {
      const st = s as { pending: string[]; n: number; last: number };
      pending = [...st.pending];
      n = st.n;
      last = st.last;
    },
  };
  return fam;
}

function run(events: WardEvent[], fam = counting()): { alerts: Alert[]; fam: ReturnType<typeof counting> } {
  const alerts: Alert[] = [];
  const eng = createEngine({ families: [fam], emit: (a) => alerts.push(a) });
  for (const e of events) eng.process(e);
  eng.finish();
  return { alerts, fam };
}

describe('createEngine', () => {
  it('hands events only to families that read their class', () => {
    const { fam } = run([ev('a', T0), ev('b', T0 + 1, 'network_flow'), ev('c', T0 + 2)]);
    expect(fam.handled).toEqual(['a', 'c']);
  });

  it('advances families at most once per second of event time, and at finish', () => {
    const events = [0, 10, 500, 999, 1000, 1001, 2500, 2600].map((d, i) => ev(`e${i}`, T0 + d));
    const { fam } = run(events);
    expect(fam.advances.slice(0, -1)).toEqual([T0, T0 + 1000, T0 + 2500, T0 + 2600]);
  });

  it('counts late events and still hands them over', () => {
    const alerts: Alert[] = [];
    const fam = counting();
    const eng = createEngine({ families: [fam], emit: (a) => alerts.push(a) });
    for (const e of [ev('a', T0 + 5000), ev('b', T0), ev('c', T0 + 5000)]) eng.process(e);
    expect(eng.stats.late).toBe(1);
    expect(eng.stats.events).toBe(3);
    expect(eng.stats.watermark).toBe(T0 + 5000);
    expect(fam.handled).toEqual(['a', 'b', 'c']);
  });

  it('keeps alert ids unique within a run and counts alerts per detector', () => {
    // Every batch has the same entities and (by construction here) distinct first evidence; force a clash.
    const events = ['x', 'y', 'z', 'x', 'y', 'z'].map((id, i) => ev(id, T0 + i * 2000));
    const alerts: Alert[] = [];
    const eng = createEngine({ families: [counting()], emit: (a) => alerts.push(a) });
    for (const e of events) eng.process(e);
    eng.finish();
    expect(alerts).toHaveLength(2);
    expect(alerts[1]!.id).toBe(`${alerts[0]!.id}-2`);
    expect(eng.stats.alertsByDetector).toEqual({ 'test.every_third': 2 });
  });

  it('gives the same alerts after snapshot and restore mid-stream as an uninterrupted run', () => {
    const events = Array.from({ length: 20 }, (_, i) => ev(`e${i % 7}`, T0 + i * 700));
    const whole = run(events).alerts;
    const alerts: Alert[] = [];
    const first = createEngine({ families: [counting()], emit: (a) => alerts.push(a) });
    for (const e of events.slice(0, 8)) first.process(e);
    const snap = JSON.parse(JSON.stringify(first.snapshot())) as unknown;
    const second = createEngine({ families: [counting()], emit: (a) => alerts.push(a) });
    second.restore(snap);
    for (const e of events.slice(8)) second.process(e);
    second.finish();
    expect(alerts).toEqual(whole);
    expect(second.stats.events).toBe(20);
  });

  it('rejects a family emitting a detector id it did not declare, and duplicate family names', () => {
    const rogue = counting();
    rogue.detectors = [{ ...rogue.detectors[0]!, id: 'test.other' }];
    expect(() => run([ev('a', T0), ev('b', T0), ev('c', T0), ev('d', T0 + 5000)], rogue)).toThrow(
      /undeclared/,
    );
    expect(() => createEngine({ families: [counting(), counting()], emit: () => undefined })).toThrow(
      /twice/,
    );
  });

  it('rejects a snapshot that is not one', () => {
    const eng = createEngine({ families: [counting()], emit: () => undefined });
    expect(() => eng.restore({ nope: true })).toThrow(/snapshot/);
  });

  it('processes a million events quickly (no per-event allocation in the engine)', () => {
    const fam: DetectorFamily = {
      ...counting(),
      handle: () => undefined,
      advance: () => undefined,
    };
    const eng = createEngine({ families: [fam], emit: () => undefined });
    const e = ev('a', T0);
    const t = performance.now();
    for (let i = 0; i < 1_000_000; i++) {
      e.time = T0 + i;
      eng.process(e);
    }
    // Generous bound for slow CI machines; the real measurement lives in bench/.
    expect(performance.now() - t).toBeLessThan(3000);
  });
});
