import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testServer } from '../../test/fixtures/api/seed.js';
import type { TestServer } from '../../test/fixtures/api/seed.js';
import { buildApp } from './app.js';
import { TokenService, hashToken, newTokenText } from './auth.js';
import { openStore } from '../store/index.js';

describe('API tokens', () => {
  it('are ward_ + 32 random bytes and stored only as SHA-256 hashes', async () => {
    const store = await openStore(':memory:');
    try {
      const auth = new TokenService(store);
      const { token, info } = await auth.create('ana', 'analyst');
      expect(token).toMatch(/^ward_[A-Za-z0-9_-]{43}$/);
      expect(newTokenText()).not.toBe(token);
      expect(info).toMatchObject({ name: 'ana', role: 'analyst' });
      const stored = await store.listTokens();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.hash).toBe(hashToken(token));
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(await auth.verify(token)).toEqual({ name: 'ana', role: 'analyst' });
      expect(await auth.verify(token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
      expect(await auth.verify('not a token')).toBeUndefined();
      await expect(auth.create('ana', 'admin')).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      await store.close();
    }
  });

  it('first run creates one admin token, printed once, that works', async () => {
    const store = await openStore(':memory:');
    try {
      const auth = new TokenService(store);
      const first = await auth.ensureFirstAdmin();
      expect(first).toMatch(/^ward_/);
      expect(await auth.ensureFirstAdmin()).toBeUndefined();
      const app = await buildApp({ store, auth });
      const res = await app.inject({ url: '/api/tokens', headers: { authorization: `Bearer ${first!}` } });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([expect.objectContaining({ name: 'admin', role: 'admin' })]);
      await app.close();
    } finally {
      await store.close();
    }
  });
});

describe('access control', () => {
  let s: TestServer;
  beforeEach(async () => {
    s = await testServer();
  });
  afterEach(async () => {
    await s.close();
  });

  it('refuses requests without a token with 401 unauthorized', async () => {
    for (const url of ['/api/events', '/api/alerts', '/api/summary', '/metrics', '/api/tokens']) {
      const res = await s.app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('unauthorized');
      expect(res.headers['www-authenticate']).toContain('Bearer');
    }
  });

  it('refuses malformed, unknown and revoked tokens with 401', async () => {
    for (const authorization of ['Basic abc', 'Bearer nope', `Bearer ${newTokenText()}`, 'Bearer']) {
      const res = await s.app.inject({ url: '/api/alerts', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
    const del = await s.app.inject({
      method: 'DELETE',
      url: '/api/tokens/t-analyst',
      headers: s.as('admin'),
    });
    expect(del.statusCode).toBe(200);
    const res = await s.app.inject({ url: '/api/alerts', headers: s.as('analyst') });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toContain('revoked');
  });

  it('answers 403 forbidden when the role may not use the route', async () => {
    const ack = await s.app.inject({
      method: 'POST',
      url: '/api/alerts/al-1/ack',
      headers: s.as('read_only'),
    });
    expect(ack.statusCode).toBe(403);
    expect(ack.json().error.code).toBe('forbidden');
    const ingest = await s.app.inject({
      method: 'POST',
      url: '/api/ingest',
      headers: { ...s.as('read_only'), 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(ingest.statusCode).toBe(403);
    for (const role of ['analyst', 'privacy_officer', 'read_only'] as const) {
      const res = await s.app.inject({ url: '/api/tokens', headers: s.as(role) });
      expect(res.statusCode, role).toBe(403);
    }
    const read = await s.app.inject({ url: '/api/alerts', headers: s.as('read_only') });
    expect(read.statusCode).toBe(200);
  });

  it('lets an admin create, list and revoke tokens; the text is returned once and never listed', async () => {
    const created = await s.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: s.as('admin'),
      payload: { name: 'soc-bot', role: 'analyst' },
    });
    expect(created.statusCode).toBe(201);
    const { token } = created.json();
    const list = await s.app.inject({ url: '/api/tokens', headers: s.as('admin') });
    expect(list.body).not.toContain(token);
    expect(list.json<{ items: { name: string }[] }>().items.map((t) => t.name)).toContain('soc-bot');
    const used = await s.app.inject({ url: '/api/summary', headers: { authorization: `Bearer ${token}` } });
    expect(used.statusCode).toBe(200);
    const dup = await s.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: s.as('admin'),
      payload: { name: 'soc-bot', role: 'admin' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('conflict');
    const badRole = await s.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: s.as('admin'),
      payload: { name: 'x', role: 'root' },
    });
    expect(badRole.statusCode).toBe(400);
    const gone = await s.app.inject({ method: 'DELETE', url: '/api/tokens/nobody', headers: s.as('admin') });
    expect(gone.statusCode).toBe(404);
  });

  it('needs no token for health, docs and the OpenAPI document', async () => {
    const health = await s.app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', version: '9.9.9', store: 'ok', live: false });
    const spec = await s.app.inject({ url: '/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const doc = spec.json<{ openapi: string; paths: object; components: { securitySchemes: object } }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/events', '/api/alerts/{id}', '/api/ingest', '/metrics', '/api/tokens']),
    );
    expect(doc.components.securitySchemes).toEqual({ bearerAuth: { type: 'http', scheme: 'bearer' } });
    const docs = await s.app.inject({ url: '/docs' });
    expect([200, 302]).toContain(docs.statusCode);
    const ui = await s.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});
