import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer } from '../../test/fixtures/api/seed.js';
import type { TestServer } from '../../test/fixtures/api/seed.js';
import { BusyError } from '../live/ingest.js';
import type { Delivery, DeliveryResult, LiveIngest } from '../live/ingest.js';
import { SERVER_LIMITS } from './server-options.js';

/** A live pipeline double that records deliveries, or says it is busy. */
class FakeLive implements LiveIngest {
  deliveries: Delivery[] = [];
  busy = false;
  submit(d: Delivery): Promise<DeliveryResult> {
    if (this.busy) return Promise.reject(new BusyError(2500));
    this.deliveries.push(d);
    return Promise.resolve({ accepted: d.records.length, duplicates: 0, rejected: 0 });
  }
}

interface ErrorBody {
  error: { code: string; message: string };
}

describe('POST /api/ingest', () => {
  let s: TestServer;
  const live = new FakeLive();
  beforeAll(async () => {
    s = await testServer({ live });
  });
  afterAll(async () => {
    await s.close();
  });

  const ingest = (contentType: string, payload: string | Buffer, query = '') =>
    s.app.inject({
      method: 'POST',
      url: `/api/ingest${query}`,
      headers: { ...s.as('analyst'), 'content-type': contentType },
      payload,
    });

  it('submits ndjson and text lines, one record per non-blank line, and returns the delivery result', async () => {
    const res = await ingest(
      'application/x-ndjson',
      '{"id":"a"}\r\n\n{"id":"b"}\n',
      '?source=edge-1&format=syslog',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ records: 2, accepted: 2, duplicates: 0, rejected: 0 });
    expect(live.deliveries.at(-1)).toEqual({
      source: 'edge-1',
      format: 'syslog',
      records: ['{"id":"a"}', '{"id":"b"}'],
    });
    const text = await ingest('text/plain; charset=utf-8', 'line one\nline two');
    expect(text.json()).toMatchObject({ records: 2 });
    expect(live.deliveries.at(-1)).toEqual({ source: 'http', records: ['line one', 'line two'] });
  });

  it('submits a FHIR AuditEvent or Bundle as one record', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: { resourceType: 'AuditEvent', id: 'x' } }],
    };
    const res = await ingest('application/fhir+json', JSON.stringify(bundle, null, 2));
    expect(res.statusCode).toBe(200);
    expect(live.deliveries.at(-1)?.records).toEqual([JSON.stringify(bundle)]);
    const plain = await ingest('application/json', '{"resourceType":"AuditEvent","id":"y"}');
    expect(plain.json()).toMatchObject({ records: 1, accepted: 1 });
  });

  it('answers 503 busy with Retry-After when the pipeline is over capacity', async () => {
    live.busy = true;
    try {
      const res = await ingest('text/plain', 'x');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('3');
      expect(res.json<ErrorBody>().error.code).toBe('busy');
    } finally {
      live.busy = false;
    }
  });

  it('refuses bad bodies and parameters with clear 4xx codes and keeps serving', async () => {
    const cases: [string, string | Buffer, string, number, string][] = [
      ['application/json', '{"resourceType":', '', 400, 'bad_request'],
      ['application/fhir+json', '[1,2]', '', 400, 'bad_request'],
      ['application/fhir+json', '{"id":"no type"}', '', 400, 'bad_request'],
      ['text/plain', '\n \n', '', 400, 'bad_request'],
      ['text/plain', 'x', '?format=nonsense', 400, 'bad_request'],
      ['text/plain', 'x', '?source=../../etc', 400, 'bad_request'],
      ['text/plain', 'x', '?bogus=1', 400, 'bad_request'],
      ['application/xml', '<a/>', '', 415, 'unsupported_media_type'],
      ['text/plain', Buffer.alloc(SERVER_LIMITS.ingestBodyLimit + 1, 0x61), '', 413, 'payload_too_large'],
    ];
    for (const [type, body, query, status, code] of cases) {
      const res = await ingest(type, body, query);
      expect(res.statusCode, `${type} ${query}`).toBe(status);
      const err = res.json<ErrorBody>().error;
      expect(err.code).toBe(code);
      expect(err.message.length).toBeGreaterThan(0);
      expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    const ok = await ingest('text/plain', 'still here');
    expect(ok.statusCode).toBe(200);
  });

  it('answers 503 unavailable when no live pipeline is attached', async () => {
    const bare = await testServer();
    try {
      const res = await bare.app.inject({
        method: 'POST',
        url: '/api/ingest',
        headers: { ...bare.as('admin'), 'content-type': 'text/plain' },
        payload: 'x',
      });
      expect(res.statusCode).toBe(503);
      expect(res.json<ErrorBody>().error.code).toBe('unavailable');
    } finally {
      await bare.close();
    }
  });
});

describe('malformed requests elsewhere', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await testServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('gives 4xx error codes for bad JSON, oversized bodies and bad query parameters, then still answers', async () => {
    const post = (payload: string | Buffer, type = 'application/json') =>
      s.app.inject({
        method: 'POST',
        url: '/api/alerts/al-2/assign',
        headers: { ...s.as('analyst'), 'content-type': type },
        payload,
      });
    const checks: [ReturnType<typeof post>, number, string][] = [
      [post('{"assignee":'), 400, 'bad_request'],
      [post(''), 400, 'bad_request'],
      [post('{"assignee":""}'), 400, 'bad_request'],
      [post('{"assignee":"a","extra":1}'), 400, 'bad_request'],
      [post(Buffer.alloc(SERVER_LIMITS.bodyLimit + 10, 0x20)), 413, 'payload_too_large'],
      [post('assignee=a', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type'],
    ];
    const get = (url: string) => s.app.inject({ url, headers: s.as('analyst') });
    for (const url of [
      '/api/events?limit=1001',
      '/api/events?limit=-1',
      '/api/events?limit=abc',
      '/api/events?from=yesterday',
      '/api/events?from=2026-03-05T00:00:00Z&to=2026-03-04T00:00:00Z',
      '/api/events?class=nonsense',
      '/api/events?unknown=1',
      '/api/alerts?severity=urgent',
      '/api/dead-letters?reason=whatever',
      '/api/context?kind=aliens',
    ]) {
      checks.push([get(url), 400, 'bad_request']);
    }
    checks.push([get('/api/nowhere'), 404, 'not_found']);
    for (const [pending, status, code] of checks) {
      const res = await pending;
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json<ErrorBody>().error.code).toBe(code);
      expect(res.body).not.toContain('stack');
    }
    const bad = await get('/api/events?limit=1001');
    expect(bad.json<ErrorBody>().error.message).toContain('limit');
    const health = await s.app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    const events = await get('/api/events');
    expect(events.statusCode).toBe(200);
  });

  it('answers 500 internal without details when the store fails', async () => {
    const broken = await testServer();
    try {
      broken.store.listAlerts = () =>
        Promise.reject(new Error('disk on fire at /secret/path for Maria Ruiz'));
      const res = await broken.app.inject({ url: '/api/alerts', headers: broken.as('admin') });
      expect(res.statusCode).toBe(500);
      expect(res.json<ErrorBody>().error.code).toBe('internal');
      expect(res.body).not.toContain('Maria');
      expect(res.body).not.toContain('/secret');
    } finally {
      await broken.close();
    }
  });
});

describe('web console', () => {
  let s: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-web-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Ward</title>');
    await writeFile(join(dir, 'app.js'), 'console.log(1)');
    s = await testServer({ webRoot: dir });
  });
  afterAll(async () => {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves files at / with index.html for client-side routes, and JSON 404 for unknown API paths', async () => {
    const root = await s.app.inject({ url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('<title>Ward</title>');
    const js = await s.app.inject({ url: '/app.js' });
    expect(js.body).toBe('console.log(1)');
    const page = await s.app.inject({ url: '/alerts/al-1', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>Ward</title>');
    const api = await s.app.inject({ url: '/api/nothing', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.json<ErrorBody>().error.code).toBe('not_found');
  });
});

describe('logging', () => {
  it('never writes tokens, bodies or query strings to the log', async () => {
    const lines: string[] = [];
    const s = await testServer({
      logger: { level: 'trace', stream: { write: (l: string) => lines.push(l) } },
    });
    try {
      await s.app.inject({ url: '/api/events?text=Maria%20Ruiz', headers: s.as('admin') });
      await s.app.inject({
        method: 'POST',
        url: '/api/alerts/al-1/close',
        headers: s.as('analyst'),
        payload: { verdict: 'benign', comment: 'patient Maria Ruiz is the nurse herself' },
      });
      await s.app.inject({ url: '/api/alerts', headers: { authorization: 'Bearer ward_wrongwrongwrong' } });
    } finally {
      await s.close();
    }
    const log = lines.join('');
    expect(log).toContain('/api/events');
    expect(log).not.toContain('Maria');
    expect(log).not.toContain('ward_');
    expect(log).not.toMatch(/Bearer/i);
  });
});
