/**
 * `npm run bench:memory`: the heap the identity and exfiltration families keep per user. Feeds both families
 * (default settings, an engine as in `analyze`) `WARD_BENCH_USERS` accounts (default 100,000) over
 * `WARD_BENCH_DAYS` days (default 3): each day every account logs on at its own workstation (a Kerberos TGT, an
 * interactive logon, a network logon to one of 200 servers, a logoff), uploads to two external destinations
 * from the workstation's address, and one in twenty also connects over the VPN gateway from a home address.
 * Events are made on the fly and dropped, so what the heap holds after a full collection is detector state.
 * Run with `--expose-gc`.
 */
import { defaultGeo } from '../src/enrich/geoip.js';
import { createEngine, type Engine } from '../src/detect/engine.js';
import { createExfiltration } from '../src/detect/exfil/index.js';
import { createIdentity } from '../src/detect/identity/index.js';
import type { WardEvent } from '../src/model/index.js';

const USERS = Number(process.env.WARD_BENCH_USERS ?? 100_000);
const DAYS = Number(process.env.WARD_BENCH_DAYS ?? 3);
const HOUR = 3_600_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

function heapMb(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed / 1e6;
}

/** The i-th account's workstation address: 10.64.0.0/10 holds four million, one per account. */
const wsIp = (i: number): string => `10.${64 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
/** Home addresses from a few consumer-provider /16s, as in bench/generate.ts. */
const HOME = ['81.2', '86.128', '90.200', '109.144'];
const homeIp = (i: number): string => `${HOME[i % HOME.length]!}.${(i >> 8) & 255}.${i & 255}`;

let seq = 0;
function event(e: Omit<WardEvent, 'id' | 'source' | 'format'>): WardEvent {
  return { id: `ev-${seq++}`, source: 'bench', format: 'bench', ...e };
}

/** One account's day: the events in time order within its slot. */
function* day(i: number, d: number): Generator<WardEvent> {
  const user = `staff${i}`;
  const host = `WS-${i}`;
  const ip = wsIp(i);
  // Accounts start their day spread over eight hours, so the families see them interleaved in time.
  const t = Date.UTC(2026, 2, 1) + d * 24 * HOUR + Math.floor((i / USERS) * 8 * HOUR);
  const auth = { class: 'authentication' as const, outcome: 'success' as const, user };
  yield event({ ...auth, time: t, action: 'tgt_request', host: 'DC01', srcIp: ip, method: 'Kerberos' });
  yield event({ ...auth, time: t + 1, action: 'logon', host, logonType: 2, srcIp: '127.0.0.1' });
  const server = `SRV-${i % 200}`;
  yield event({ ...auth, time: t + 2, action: 'logon', host: server, logonType: 3, srcIp: ip });
  yield event({
    ...auth,
    time: t + 3,
    action: 'logon',
    host: server,
    logonType: 3,
    srcIp: ip,
    attrs: { workstation: host },
  });
  for (let k = 0; k < 2; k++)
    yield event({
      class: 'network_flow',
      outcome: 'success',
      time: t + 10 + k,
      srcIp: ip,
      dstIp: `93.184.${(i + k) & 255}.${(i >> 8) & 255}`,
      dstPort: 443,
      bytesOut: 2_000_000 + (i % 1000) * 1000,
    });
  if (i % 20 === 0)
    yield event({
      ...auth,
      time: t + 20,
      action: 'logon',
      host: 'vpn-gw',
      srcIp: homeIp(i),
      attrs: { gateway: 'vpn-gw', tunnelIp: `10.250.${(i >> 8) & 255}.${i & 255}` },
    });
  yield event({ ...auth, time: t + 30, action: 'logoff', host, logonType: 2 });
}

function main(): void {
  defaultGeo().lookup('8.8.8.8');
  const before = heapMb();
  // One engine per family, fed the same events, so dropping one afterwards shows its share.
  const identity = createEngine({ families: [createIdentity()], emit: () => undefined });
  const held: { exfil?: Engine } = {
    exfil: createEngine({ families: [createExfiltration()], emit: () => undefined }),
  };
  let events = 0;
  const t0 = performance.now();
  for (let d = 0; d < DAYS; d++) {
    // Accounts in slot order, so event time never goes backwards by more than the slot.
    for (let i = 0; i < USERS; i++)
      for (const e of day(i, d)) {
        identity.process(e);
        held.exfil?.process(e);
        events++;
      }
  }
  identity.finish();
  held.exfil?.finish();
  const ms = performance.now() - t0;
  const both = heapMb() - before;
  delete held.exfil;
  const idOnly = heapMb() - before;
  const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const per100k = (mb: number): string => `${fmt((mb / USERS) * 100_000)} MB per 100,000 users`;
  console.log(
    `identity + exfiltration state: ${fmt(USERS)} users, ${DAYS} days, ${fmt(events)} events in ${fmt(ms / 1000)} s`,
  );
  console.log(
    `  both families  ${fmt(both)} MB  (${per100k(both)}, ${fmt((both * 1e6) / USERS)} bytes per user)`,
  );
  console.log(`  identity       ${fmt(idOnly)} MB  (${per100k(idOnly)})`);
  console.log(`  exfiltration   ${fmt(both - idOnly)} MB  (${per100k(both - idOnly)})`);
  // Keep the identity engine alive until after the measurement.
  if (identity.stats.events !== events) throw new Error('engine lost events');
}

main();
