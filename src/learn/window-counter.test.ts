import { describe, expect, it } from 'vitest';
import { KeyedWindowCounter, WindowCounter, type WindowCounterState } from './window-counter.js';

const MIN = 60_000;

describe('KeyedWindowCounter', () => {
  it('counts per key within the window and forgets what slid out', () => {
    const w = new KeyedWindowCounter({ windowMs: 10 * MIN, buckets: 10 });
    const t0 = 1_700_000_000_000 - (1_700_000_000_000 % MIN);
    expect(w.add('a', t0)).toBe(1);
    expect(w.add('a', t0 + 5 * MIN, 2)).toBe(3);
    expect(w.add('b', t0 + 5 * MIN)).toBe(1);
    expect(w.count('a', t0 + 9 * MIN)).toBe(3);
    // At +10 min the first bucket has left the window.
    expect(w.count('a', t0 + 10 * MIN)).toBe(2);
    expect(w.add('a', t0 + 30 * MIN)).toBe(1);
  });

  it('count() does not change state', () => {
    const w = new KeyedWindowCounter({ windowMs: 10 * MIN });
    w.add('a', 0, 4);
    expect(w.count('a', 20 * MIN)).toBe(0);
    expect(w.count('a', 0)).toBe(4);
  });

  it('counts late events that are still inside the window, ignores older ones', () => {
    const w = new KeyedWindowCounter({ windowMs: 10 * MIN });
    w.add('a', 20 * MIN);
    expect(w.add('a', 15 * MIN)).toBe(2);
    expect(w.add('a', 1 * MIN)).toBe(2);
  });

  it('expires idle keys and caps the number of keys', () => {
    const w = new KeyedWindowCounter({ windowMs: 10 * MIN, maxKeys: 3 });
    for (const k of ['a', 'b', 'c', 'd']) w.add(k, 0);
    expect(w.size).toBe(3);
    expect(w.evicted).toBe(1);
    expect(w.count('a', 0)).toBe(0);
    w.add('d', 8 * MIN);
    expect(w.expire(12 * MIN)).toBe(2);
    expect(w.size).toBe(1);
  });

  it('snapshots and restores', () => {
    const w = new KeyedWindowCounter({ windowMs: 10 * MIN });
    w.add('a', 0, 2);
    w.add('a', 3 * MIN);
    const copy = new KeyedWindowCounter({ windowMs: 10 * MIN });
    copy.restore(JSON.parse(JSON.stringify(w.snapshot())) as WindowCounterState);
    expect(copy.add('a', 4 * MIN)).toBe(w.add('a', 4 * MIN));
    expect(copy.count('a', 11 * MIN)).toBe(w.count('a', 11 * MIN));
  });
});

describe('WindowCounter', () => {
  it('counts one key over a sliding window and round-trips through JSON', () => {
    const w = new WindowCounter(MIN, 10, 0);
    w.add(0, 2);
    expect(w.add(9 * MIN)).toBe(3);
    expect(w.count(10 * MIN)).toBe(1);
    expect(w.idleAt(19 * MIN)).toBe(true);
    const back = WindowCounter.fromJSON(
      MIN,
      10,
      JSON.parse(JSON.stringify(w)) as ReturnType<WindowCounter['toJSON']>,
    );
    expect(back.add(10 * MIN)).toBe(w.add(10 * MIN));
    w.clear();
    expect(w.count(10 * MIN)).toBe(0);
  });
});
