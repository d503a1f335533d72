import { describe, expect, it } from 'vitest';
import { severityOf } from '../model/index.js';
import type { StoredAlert } from '../store/index.js';
import { idsOf } from './entity.js';
import { HALF_LIFE_DAYS, decayed, entityRisk, pointsOf, scoreOfPoints, topEntities } from './score.js';

const NOW = Date.parse('2026-03-31T12:00:00Z');
const DAY = 86_400_000;
let n = 0;

function alert(
  score: number,
  ageDays: number,
  entities: Record<string, string>,
  extra: Partial<StoredAlert> = {},
): StoredAlert {
  n++;
  return {
    id: `al-${n}`,
    time: new Date(NOW - ageDays * DAY).toISOString(),
    detector: 'auth.bruteforce',
    category: 'identity',
    severity: severityOf(score),
    score,
    title: `alert ${n}`,
    reasons: ['r'],
    entities,
    events: ['e'],
    attack: [],
    status: 'open',
    updatedAt: NOW,
    ...extra,
  };
}

describe('entity risk', () => {
  it('halves a contribution every half-life', () => {
    expect(decayed(80, 0)).toBe(80);
    expect(decayed(80, HALF_LIFE_DAYS * DAY)).toBeCloseTo(40);
    expect(decayed(80, 2 * HALF_LIFE_DAYS * DAY)).toBeCloseTo(20);
    expect(decayed(80, -DAY)).toBe(80);
  });

  it('saturates below 100 and grows with more evidence', () => {
    expect(scoreOfPoints(0)).toBe(0);
    expect(scoreOfPoints(80)).toBeCloseTo(73.6, 1);
    expect(scoreOfPoints(10_000)).toBeLessThanOrEqual(100);
    const many = entityRisk(
      'user',
      'u',
      Array.from({ length: 50 }, () => alert(95, 0, { user: 'u' })),
      NOW,
    );
    expect(many.score).toBeLessThanOrEqual(100);
    expect(many.severity).toBe('critical');
  });

  it('ranks two high alerts above one medium, and one medium above ten old lows', () => {
    const alerts = [
      alert(80, 0, { user: 'two-highs' }),
      alert(75, 1, { user: 'two-highs' }),
      alert(55, 0, { user: 'one-medium' }),
      ...Array.from({ length: 10 }, () => alert(30, 20, { user: 'old-lows' })),
    ];
    const top = topEntities(['user'], alerts, NOW, 10);
    expect(top.map((e) => e.id)).toEqual(['two-highs', 'one-medium', 'old-lows']);
    expect(top[0]).toMatchObject({ kind: 'user', alerts: 2, severity: 'critical' });
    expect(top[1]?.severity).toBe('medium');
  });

  it('lets an old alert fade: a high alert a month ago leaves a low score with a falling history', () => {
    const r = entityRisk('user', 'fading', [alert(85, 25, { user: 'fading' })], NOW);
    expect(r.score).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(15);
    expect(r.severity).toBe('low');
    expect(r.history).toHaveLength(30);
    expect(r.history.at(-1)).toEqual({ day: '2026-03-31', score: r.score });
    const day = new Date(NOW - 25 * DAY).toISOString().slice(0, 10);
    const i = r.history.findIndex((h) => h.day === day);
    expect(r.history[i - 1]?.score).toBe(0);
    const after = r.history.slice(i).map((h) => h.score);
    expect(after[0]).toBeGreaterThan(70);
    for (let k = 1; k < after.length; k++) expect(after[k]).toBeLessThan(after[k - 1]!);
  });

  it('explains each contribution newest first and links it to its alert', () => {
    const a1 = alert(80, 7, { user: 'u', host: 'ws1' });
    const a2 = alert(60, 1, { user: 'u' });
    const r = entityRisk('user', 'u', [a1, a2, alert(90, 0, { user: 'other' })], NOW);
    expect(r.alerts).toBe(2);
    expect(r.lastAlert).toBe(a2.time);
    expect(r.contributions.map((c) => c.alertId)).toEqual([a2.id, a1.id]);
    expect(r.contributions[1]).toMatchObject({
      points: 80,
      current: 40,
      detector: 'auth.bruteforce',
      title: a1.title,
    });
    expect(r.contributions[0]?.points).toBe(42);
  });

  it('weights by severity and category and skips dismissed alerts', () => {
    expect(pointsOf({ score: 30, severity: 'low', category: 'identity' })).toBeCloseTo(6);
    expect(pointsOf({ score: 95, severity: 'critical', category: 'identity' })).toBeCloseTo(142.5);
    expect(pointsOf({ score: 80, severity: 'high', category: 'vulnerability' })).toBeCloseTo(40);
    const r = entityRisk(
      'user',
      'u',
      [
        alert(80, 0, { user: 'u' }, { status: 'closed', verdict: 'false_positive' }),
        alert(80, 0, { user: 'u' }, { status: 'closed', verdict: 'true_positive' }),
      ],
      NOW,
    );
    expect(r.alerts).toBe(1);
  });

  it('maps entity kinds to alert keys: an IP as source or destination, a host as host or source workstation', () => {
    expect(idsOf({ srcIp: '10.0.0.1', dstIp: '10.0.0.2', previousIp: '1.2.3.4' }, 'ip')).toEqual([
      '10.0.0.1',
      '10.0.0.2',
    ]);
    expect(idsOf({ srcIp: '10.0.0.1', dstIp: '10.0.0.1' }, 'ip')).toEqual(['10.0.0.1']);
    expect(idsOf({ srcHost: 'WS7', host: 'DC1', user: 'u' }, 'host')).toEqual(['DC1', 'WS7']);
    const top = topEntities(
      ['ip', 'host'],
      [alert(80, 0, { srcIp: '10.0.0.1', dstIp: '8.8.8.8', host: 'h' })],
      NOW,
      2,
    );
    expect(top).toHaveLength(2);
    expect(entityRisk('ip', '8.8.8.8', [alert(80, 0, { dstIp: '8.8.8.8' })], NOW).alerts).toBe(1);
    expect(entityRisk('user', '8.8.8.8', [alert(80, 0, { dstIp: '8.8.8.8' })], NOW).alerts).toBe(0);
  });

  it('ignores alerts after the reference time and a no-alert entity scores 0 with a flat history', () => {
    const r = entityRisk('user', 'u', [alert(80, -2, { user: 'u' })], NOW);
    expect(r).toMatchObject({ score: 0, severity: 'low', alerts: 0, contributions: [] });
    expect(r.lastAlert).toBeUndefined();
    expect(r.history.every((h) => h.score === 0)).toBe(true);
  });
});
