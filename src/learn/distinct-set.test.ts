import { describe, expect, it } from 'vitest';
import { DistinctSet, type DistinctSetState } from './distinct-set.js';

describe('DistinctSet', () => {
  it('counts distinct items with their occurrences', () => {
    const s = new DistinctSet(10);
    expect(s.add('alice')).toBe(true);
    expect(s.add('alice', 2)).toBe(false);
    s.add('bob');
    expect(s.size).toBe(2);
    expect(s.count('alice')).toBe(3);
    expect(s.top()).toEqual([
      ['alice', 3],
      ['bob', 1],
    ]);
  });

  it('stops tracking at the cap but counts what it left out', () => {
    const s = new DistinctSet(2);
    s.add('a');
    s.add('b');
    expect(s.add('c')).toBe(false);
    s.add('a');
    expect(s.size).toBe(2);
    expect(s.untracked).toBe(1);
    expect(s.full).toBe(true);
    expect(s.has('c')).toBe(false);
  });

  it('orders ties by item so reports are deterministic', () => {
    const s = new DistinctSet(5);
    for (const x of ['c', 'a', 'b']) s.add(x);
    expect(s.top(2).map(([k]) => k)).toEqual(['a', 'b']);
  });

  it('survives a JSON round trip', () => {
    const s = new DistinctSet(3);
    s.add('x', 2);
    s.add('y');
    const back = DistinctSet.fromJSON(3, JSON.parse(JSON.stringify(s)) as DistinctSetState);
    expect(back.top()).toEqual(s.top());
    expect(back.untracked).toBe(0);
  });
});
