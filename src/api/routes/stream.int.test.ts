import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../../test/fixtures/api/seed.js';
import type { TestServer } from '../../../test/fixtures/api/seed.js';

/** Reads server-sent events from a fetch body as they arrive. */
class SseReader {
  private buf = '';
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  ended = false;
  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }
  /** The next block (event or comment) matching `pick`, or undefined when the stream ends or time runs out. */
  async next(pick: (block: string) => boolean, ms: number): Promise<string | undefined> {
    const until = Date.now() + ms;
    for (;;) {
      let i: number;
      while ((i = this.buf.indexOf('\n\n')) >= 0) {
        const block = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 2);
        if (pick(block)) return block;
      }
      const left = until - Date.now();
      if (left <= 0 || this.ended) return undefined;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), left)));
      const got = await Promise.race([this.reader.read(), timeout]).catch(() => ({ done: true as const }));
      clearTimeout(timer);
      if (got === 'timeout') return undefined;
      if (got.done) {
        this.ended = true;
        continue;
      }
      this.buf += this.decoder.decode(got.value, { stream: true });
    }
  }
  cancel(): Promise<void> {
    return this.reader.cancel().catch(() => undefined);
  }
}

const data = (block: string): Record<string, unknown> =>
  JSON.parse(
    block
      .split('\n')
      .find((l) => l.startsWith('data: '))!
      .slice(6),
  ) as Record<string, unknown>;

describe('GET /api/stream over a real connection', () => {
  let s: TestServer;
  let base: string;
  beforeAll(async () => {
    s = await testServer();
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = s.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
  });
  afterAll(async () => {
    await s.close();
  });

  it('refuses a request without a valid token with a JSON 401', async () => {
    const none = await fetch(`${base}/api/stream`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const bad = await fetch(`${base}/api/stream`, { headers: { authorization: 'Bearer ward_nope' } });
    expect(bad.status).toBe(401);
  });

  it('streams a summary, then a new alert and its triage change within seconds', async () => {
    const res = await fetch(`${base}/api/stream`, { headers: s.as('read_only') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = new SseReader(res.body!);
    const first = await sse.next((b) => b.startsWith('event: summary'), 5000);
    expect(first).toBeDefined();
    expect(data(first!)).toEqual({ events: 3, alerts: 2, deadLetters: 2, eventsPerSecond: 0 });
    // Alerts already stored are not replayed.
    const w = s.store.writer();
    w.addAlert({
      id: 'live-1',
      time: new Date().toISOString(),
      detector: 'auth.bruteforce',
      category: 'identity',
      severity: 'high',
      score: 80,
      title: 'Live alert',
      reasons: ['many failures'],
      entities: { user: 'jdoe' },
      events: ['auth.log:7'],
      attack: ['T1110'],
    });
    await w.flush();
    const started = Date.now();
    const alert = await sse.next((b) => b.startsWith('event: alert'), 6000);
    expect(alert).toBeDefined();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(data(alert!)).toMatchObject({ id: 'live-1', status: 'open', title: 'Live alert' });
    const summary = await sse.next((b) => b.startsWith('event: summary'), 5000);
    expect(data(summary!)).toMatchObject({ alerts: 3 });
    // updatedAt has millisecond resolution; make sure the change lands on a later millisecond.
    await new Promise((r) => setTimeout(r, 5));
    await s.store.updateAlert('live-1', { status: 'acknowledged' });
    const changed = await sse.next((b) => b.startsWith('event: alert'), 6000);
    expect(data(changed!)).toMatchObject({ id: 'live-1', status: 'acknowledged' });
    await sse.cancel();
  });

  it('serves several clients from one poller and ends their streams when the server closes', async () => {
    const a = new SseReader((await fetch(`${base}/api/stream`, { headers: s.as('analyst') })).body!);
    const b = new SseReader((await fetch(`${base}/api/stream`, { headers: s.as('admin') })).body!);
    expect(await a.next((x) => x.startsWith('event: summary'), 5000)).toBeDefined();
    expect(await b.next((x) => x.startsWith('event: summary'), 5000)).toBeDefined();
    const t0 = Date.now();
    await s.app.close();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await a.next(() => false, 3000)).toBeUndefined();
    expect(a.ended).toBe(true);
    expect(await b.next(() => false, 3000)).toBeUndefined();
    expect(b.ended).toBe(true);
  });
});
