import { describe, expect, it } from 'vitest';
import { alertSchema, severityOf } from '../model/index.js';
import { MAX_EVIDENCE, compareIds, makeAlert } from './alert.js';
import type { AlertInput } from './alert.js';

const base: AlertInput = {
  detector: 'auth.bruteforce',
  category: 'identity',
  score: 72.4,
  title: 'Brute force against admin from 10.0.0.9',
  reasons: ['57 failed logons in 10 min'],
  entities: { srcIp: '10.0.0.9', user: 'admin', host: undefined },
  events: ['auth.log:10', 'auth.log:9', 'auth.log:100', 'auth.log:9'],
  attack: ['T1110.001'],
  time: Date.UTC(2026, 2, 4, 10, 15),
};

describe('makeAlert', () => {
  it('builds a contract alert with severity from the score', () => {
    const a = makeAlert(base);
    expect(alertSchema.parse(a)).toEqual(a);
    expect(a.score).toBe(72);
    expect(a.severity).toBe(severityOf(72));
    expect(a.time).toBe('2026-03-04T10:15:00.000Z');
    expect(a.entities).toEqual({ srcIp: '10.0.0.9', user: 'admin' });
  });

  it('de-duplicates and sorts evidence ids naturally', () => {
    expect(makeAlert(base).events).toEqual(['auth.log:9', 'auth.log:10', 'auth.log:100']);
  });

  it('caps evidence and says so', () => {
    const events = Array.from({ length: 1500 }, (_, i) => `e${i}`);
    const a = makeAlert({ ...base, events });
    expect(a.events).toHaveLength(MAX_EVIDENCE);
    expect(a.events).toContain('e0');
    expect(a.events).not.toContain('e1200');
    expect(a.reasons.at(-1)).toBe('evidence list capped at 1,000 of 1,500 events');
  });

  it('counts evidence the detector left out itself', () => {
    const a = makeAlert({ ...base, events: ['a', 'b'], omitted: 3559 });
    expect(a.events).toEqual(['a', 'b']);
    expect(a.reasons.at(-1)).toBe('evidence list capped at 2 of 3,561 events');
  });

  it('gives the same id for the same detector, entities and evidence, another otherwise', () => {
    expect(makeAlert(base).id).toBe(makeAlert({ ...base, reasons: ['other words'] }).id);
    expect(makeAlert(base).id).not.toBe(makeAlert({ ...base, entities: { srcIp: '10.0.0.8' } }).id);
    expect(makeAlert(base).id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('clamps the score', () => {
    expect(makeAlert({ ...base, score: 140 }).severity).toBe('critical');
    expect(makeAlert({ ...base, score: -3 }).score).toBe(0);
  });

  it('refuses an alert without evidence (a detector bug)', () => {
    expect(() => makeAlert({ ...base, events: [] })).toThrow(/without evidence/);
  });
});

describe('compareIds', () => {
  it('orders digit runs as numbers', () => {
    const ids = ['x:10', 'x:9', 'x:09', 'y:1', 'x:100', '2455', '998'];
    expect(ids.sort(compareIds)).toEqual(['998', '2455', 'x:9', 'x:09', 'x:10', 'x:100', 'y:1']);
  });
});
