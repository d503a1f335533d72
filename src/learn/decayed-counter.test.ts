import { describe, expect, it } from 'vitest';
import { DecayedCounter, type DecayedCounterState } from './decayed-counter.js';

const H = 60_000;

describe('DecayedCounter', () => {
  it('halves its value every half-life of event time', () => {
    const c = new DecayedCounter(H);
    c.add(1_000_000, 8);
    expect(c.valueAt(1_000_000 + H)).toBeCloseTo(4);
    expect(c.valueAt(1_000_000 + 3 * H)).toBeCloseTo(1);
    expect(c.add(1_000_000 + H, 1)).toBeCloseTo(5);
  });

  it('weighs a late addition as if it had decayed since its time', () => {
    const c = new DecayedCounter(H);
    c.add(1_000_000 + H, 0);
    c.add(1_000_000, 2);
    expect(c.valueAt(1_000_000 + H)).toBeCloseTo(1);
  });

  it('estimates a steady rate', () => {
    const c = new DecayedCounter(H);
    // One event per second for 20 half-lives.
    for (let t = 0; t < 20 * H; t += 1000) c.add(t);
    expect(c.rateAt(20 * H, 1000)).toBeCloseTo(1, 1);
  });

  it('survives a JSON round trip', () => {
    const c = new DecayedCounter(H);
    c.add(5_000, 3);
    const back = DecayedCounter.fromJSON(H, JSON.parse(JSON.stringify(c)) as DecayedCounterState);
    expect(back.valueAt(5_000 + H)).toBeCloseTo(c.valueAt(5_000 + H));
  });

  it('rejects a non-positive half-life', () => {
    expect(() => new DecayedCounter(0)).toThrow(RangeError);
  });
});
