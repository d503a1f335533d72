/**
 * `ward start` as a new user runs it: a child process on a fresh directory prints a URL and a first admin
 * token, the API refuses requests without the token and answers with it, the console is served, the
 * simulated hospital fills the store, and SIGTERM stops it cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt } from '../../test/support/build.js';

let dir = '';
let child: ChildProcess | undefined;
let output = '';
let url = '';
let token = '';

async function waitFor<T>(
  what: string,
  f: () => Promise<T | undefined> | T | undefined,
  ms: number,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  ensureBuilt('dist/src/cli/main.js');
  dir = await mkdtemp(join(tmpdir(), 'ward-start-'));
  // A small hospital keeps the test quick; everything else is the default a new user gets.
  await writeFile(
    join(dir, 'ward.yaml'),
    'server: { port: 0 }\nsimulate: { staff: 30, patients: 200, backfillHours: 12 }\n',
  );
  child = spawn(process.execPath, [join(ROOT, 'bin/ward.js'), 'start'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  url = await waitFor('the listening line', () => /listening on (http:\/\/\S+)/.exec(output)?.[1], 60_000);
  token = await waitFor('the first admin token', () => /(ward_[A-Za-z0-9_-]{43})/.exec(output)?.[1], 10_000);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('ward start on a fresh directory', () => {
  it('refuses the API without a token and answers with the printed one', async () => {
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const refused = await fetch(`${url}/api/alerts`);
    expect(refused.status).toBe(401);
    const ok = await fetch(`${url}/api/alerts`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect((await fetch(`${url}/docs`)).status).toBeLessThan(400);
  });

  it('serves the console when it is built', async () => {
    if (!existsSync(join(ROOT, 'web/dist/index.html'))) return;
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<div id="root">|<script/);
  });

  it('fills the store from the simulated hospital within a minute', async () => {
    const events = await waitFor(
      'simulated events',
      async () => {
        const res = await fetch(`${url}/api/summary`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { totals?: { events?: number } };
        const n = body.totals?.events ?? 0;
        return n > 100 ? n : undefined;
      },
      60_000,
    );
    expect(events).toBeGreaterThan(100);
  }, 70_000);

  it('takes FHIR AuditEvents over HTTP, stores them once acknowledged, and counts a resend once', async () => {
    const audit = (id: string) =>
      JSON.stringify({
        resourceType: 'AuditEvent',
        id,
        recorded: '2026-03-04T10:15:00Z',
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
        action: 'R',
        agent: [{ requestor: true, who: { reference: 'Practitioner/e2e-1' } }],
        source: { observer: { display: 'ehr' } },
        entity: [{ what: { reference: 'Patient/e2e-9' } }],
      });
    const body = `${audit('e2e-ae-1')}\n${audit('e2e-ae-2')}\n`;
    const post = () =>
      fetch(`${url}/api/ingest?source=e2e-http&format=fhir-audit-event`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
    const first = await post();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });
    const again = await post();
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 2 });
    const found = await fetch(`${url}/api/events?user=Practitioner/e2e-1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await found.json()) as { total: number; items: { id: string }[] };
    expect(page.items.map((e) => e.id).sort()).toEqual(['e2e-ae-1', 'e2e-ae-2']);
    const bad = await fetch(`${url}/api/ingest?source=e2e-http`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"broken": ',
    });
    expect(bad.status).toBe(400);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
