import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { get as httpsGet } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { buildApp } from './app.js';
import { TokenService } from './auth.js';
import { tlsOptions } from './server-options.js';

/** Send part of a request's headers, then stall; resolve with what the server said and when it hung up. */
function stallingClient(port: number): Promise<{ answer: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: a');
    });
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ answer, ms: Date.now() - started }));
  });
}

describe('the listening server', () => {
  let store: Store;
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    store = await openStore(':memory:');
    const app = await buildApp({
      store,
      auth: new TokenService(store),
      limits: { requestTimeout: 400, headersTimeout: 400, connectionsCheckingInterval: 100 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    close = () => app.close();
  });
  afterAll(async () => {
    await close();
    await store.close();
  });

  it('cuts off a client that stalls mid-request and keeps serving others', async () => {
    const slow = stallingClient(port);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
    const { answer, ms } = await slow;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('{"error":{"code":"timeout"');
    expect(ms).toBeLessThan(5000);
    const again = await fetch(`http://127.0.0.1:${port}/api/alerts`);
    expect(again.status).toBe(401);
  });
});

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasOpenssl())('TLS', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves HTTPS from a certificate and key file, and names a missing file', async () => {
    const store = await openStore(':memory:');
    const app = await buildApp({
      store,
      auth: new TokenService(store),
      tls: await tlsOptions(join(dir, 'cert.pem'), join(dir, 'key.pem')),
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const req = httpsGet(
          { host: '127.0.0.1', port, path: '/api/health', rejectUnauthorized: false },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('error', reject);
      });
      expect(status).toBe(200);
    } finally {
      await app.close();
      await store.close();
    }
    await expect(tlsOptions(join(dir, 'nope.pem'), join(dir, 'key.pem'))).rejects.toThrow(
      /certificate .*nope\.pem/,
    );
  });
});
