import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { LivePipeline } from './live-pipeline.js';
import { Framer, SyslogServer } from './syslog-server.js';

const ssh = (i: number): string =>
  `<38>1 2026-03-04T10:00:${String(i).padStart(2, '0')}Z web01 sshd 42 - - Failed password for root from 203.0.113.${i} port 4000${i} ssh2`;
const cef =
  'CEF:0|Acme|Firewall|1.0|100|Denied connection|5|src=10.0.0.1 dst=10.0.0.2 spt=1234 dpt=443 rt=1772618400000';
const atna = readFileSync('test/fixtures/atna/syslog-audit.log', 'utf8').split('\n')[0]!;

async function until(what: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function tcpSend(port: number, payload: string | Buffer, keepOpen = false): Promise<void> {
  return new Promise((res, rej) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(payload, () => {
        if (!keepOpen) s.end();
        res();
      });
    });
    s.on('error', rej);
  });
}

describe('syslog server', () => {
  let store: Store;
  let live: LivePipeline;
  let server: SyslogServer;
  beforeEach(async () => {
    store = await openStore(':memory:');
    live = new LivePipeline({ store });
    await live.start();
    server = new SyslogServer(live, { host: '127.0.0.1', udpPort: 0, tcpPort: 0, maxMessageBytes: 4096 });
    await server.start();
  });
  afterEach(async () => {
    await server.stop();
    await live.stop();
    await store.close();
  });

  it('takes one message per UDP datagram', async () => {
    const udp = createSocket('udp4');
    await new Promise<void>((r) => udp.send(ssh(1) + '\n', server.udpPort, '127.0.0.1', () => r()));
    await new Promise<void>((r) => udp.send(cef, server.udpPort, '127.0.0.1', () => r()));
    udp.close();
    await until(async () => (await store.searchEvents()).total === 2);
    const ev = (await store.searchEvents()).items;
    expect(ev.map((e) => e.format).sort()).toEqual(['cef', 'syslog']);
    expect(ev.find((e) => e.format === 'syslog')).toMatchObject({
      source: 'syslog-udp',
      srcIp: '203.0.113.1',
      outcome: 'failure',
    });
  });

  it('reads newline framing and octet counting on TCP, with CEF and ATNA payloads', async () => {
    const port = server.tcpPort!;
    await tcpSend(port, `${ssh(1)}\n${ssh(2)}\r\n${atna}\n`);
    const octet = [ssh(3), cef, ssh(4)].map((m) => `${Buffer.byteLength(m)} ${m}`).join('');
    // Split mid-frame to check reassembly.
    const s = connect(port, '127.0.0.1');
    await new Promise<void>((r) => s.once('connect', () => r()));
    s.write(octet.slice(0, 50));
    await new Promise((r) => setTimeout(r, 50));
    s.end(octet.slice(50));
    await until(async () => (await store.searchEvents()).total === 6);
    const ev = (await store.searchEvents({ limit: 100 })).items;
    expect(ev.filter((e) => e.format === 'syslog')).toHaveLength(4);
    expect(ev.filter((e) => e.format === 'cef')).toHaveLength(1);
    expect(ev.find((e) => e.format === 'atna')).toMatchObject({ class: 'ehr_access', user: 'dr.kim' });
    expect(server.stats.connections).toBe(2);
  });

  it('dead-letters an oversized message and keeps the connection', async () => {
    const port = server.tcpPort!;
    const big = `<38>1 2026-03-04T10:00:00Z web01 app 1 - - ${'x'.repeat(10_000)}`;
    await tcpSend(port, `${big}\n${ssh(5)}\n`);
    await until(async () => (await store.searchEvents()).total === 1);
    const dead = await store.listDeadLetters();
    expect(dead.items).toHaveLength(1);
    expect(dead.items[0]).toMatchObject({ reason: 'record_too_large', source: 'syslog-tcp' });
    expect(dead.items[0]!.position).toMatch(/^\d+$/);
    expect(dead.items[0]!.raw.length).toBeLessThanOrEqual(1024);
    expect(server.stats.oversized).toBe(1);
  });

  it('disconnects an idle client', async () => {
    await server.stop();
    server = new SyslogServer(live, { host: '127.0.0.1', tcpPort: 0, idleTimeoutMs: 100 });
    await server.start();
    const s = connect(server.tcpPort!, '127.0.0.1');
    await new Promise<void>((r) => s.once('close', () => r()));
    expect(s.destroyed).toBe(true);
  });
});

describe('Framer', () => {
  it('cuts octet-counted frames and skips an oversized one', () => {
    const f = new Framer(10);
    const out = f.push(Buffer.from('3 abc12 xxxxxxxxxxxx2 ok'));
    expect(out.messages).toEqual(['abc', 'ok']);
    expect(out.oversized.map((o) => o.length)).toEqual([12]);
  });

  it('keeps a partial line until its newline arrives', () => {
    const f = new Framer(100);
    expect(f.push(Buffer.from('<1>a\n<1>b')).messages).toEqual(['<1>a']);
    expect(f.push(Buffer.from('c\n')).messages).toEqual(['<1>bc']);
  });
});
