import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Store, StoredAlert } from '../store/index.js';
import { StreamHub, sseEvent } from './stream-hub.js';
import type { Subscriber } from './stream-hub.js';

function fakeStore(alerts: StoredAlert[]) {
  const calls = { counts: 0, list: 0 };
  const store = {
    counts: () => {
      calls.counts++;
      return Promise.resolve({
        events: { authentication: 10 },
        alerts: { identity: alerts.length },
        deadLetters: {},
        context: {},
      });
    },
    listAlerts: () => {
      calls.list++;
      return Promise.resolve({ total: alerts.length, items: [...alerts].reverse() });
    },
  } as unknown as Store;
  return { store, calls };
}

const alert = (id: string, updatedAt = 1): StoredAlert => ({
  id,
  time: '2026-03-04T10:00:00Z',
  detector: 'auth.bruteforce',
  category: 'identity',
  severity: 'high',
  score: 80,
  title: 't',
  reasons: ['r'],
  entities: { user: 'u' },
  events: ['e'],
  attack: [],
  status: 'open',
  updatedAt,
});

function collector(limit = Infinity) {
  const got: string[] = [];
  let closed = false;
  const sub: Subscriber = {
    send: (c) => {
      if (got.length >= limit) return false;
      got.push(c);
      return true;
    },
    close: () => (closed = true),
  };
  return { sub, got, isClosed: () => closed };
}

describe('stream hub', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes one-line SSE events', () => {
    expect(sseEvent('summary', { a: 'x\ny' })).toBe('event: summary\ndata: {"a":"x\\ny"}\n\n');
  });

  it('polls once for all subscribers, announces new and changed alerts, and stops when nobody listens', async () => {
    vi.useFakeTimers();
    const alerts = [alert('a1')];
    const { store, calls } = fakeStore(alerts);
    const hub = new StreamHub(store, { pollMs: 1000, heartbeatMs: 5000 });
    const a = collector();
    const b = collector();
    const offA = hub.subscribe(a.sub);
    const offB = hub.subscribe(b.sub);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.counts).toBe(1);
    expect(a.got.filter((c) => c.startsWith('event: alert'))).toEqual([]);
    alerts.push(alert('a2'));
    alerts[0] = alert('a1', 2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.counts).toBe(2);
    const ids = (got: string[]) =>
      got
        .filter((c) => c.startsWith('event: alert'))
        .map((c) => (JSON.parse(c.split('data: ')[1]!) as StoredAlert).id);
    expect(ids(a.got)).toEqual(['a1', 'a2']);
    expect(ids(b.got)).toEqual(['a1', 'a2']);
    await vi.advanceTimersByTimeAsync(4000);
    expect(a.got.filter((c) => c === ': ping\n\n')).toHaveLength(1);
    offA();
    offB();
    expect(hub.size).toBe(0);
    const before = calls.counts;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.counts).toBe(before);
  });

  it('drops a subscriber that cannot keep up and keeps serving the others', async () => {
    vi.useFakeTimers();
    const { store } = fakeStore([alert('a1')]);
    const hub = new StreamHub(store, { pollMs: 1000 });
    const slow = collector(1);
    const fast = collector();
    hub.subscribe(slow.sub);
    hub.subscribe(fast.sub);
    await vi.advanceTimersByTimeAsync(2500);
    expect(slow.isClosed()).toBe(true);
    expect(hub.size).toBe(1);
    expect(fast.got.filter((c) => c.startsWith('event: summary')).length).toBeGreaterThanOrEqual(3);
    hub.close();
    expect(fast.isClosed()).toBe(true);
    expect(hub.size).toBe(0);
    const late = collector();
    hub.subscribe(late.sub);
    expect(late.isClosed()).toBe(true);
  });
});
