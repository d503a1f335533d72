/**
 * The `identity` detector family: identity analytics with per-user baselines learned from the stream (issue
 * 7). Each detector is its own module (see their headers); this file runs them in one family so they share
 * the stream start and learning period, and snapshots their states together. Settings: common.ts.
 */
import type { ContextIndex } from '../../context/index.js';
import { defaultGeo } from '../../enrich/geoip.js';
import type { GeoLookup } from '../../enrich/geoip.js';
import type { WardEvent } from '../../model/index.js';
import type { DetectorFamily } from '../detector.js';
import { roleClass } from '../ehr/access.js';
import { asrepRoast } from './asrep-roast.js';
import { DAY, identityConfigSchema, HOUR, isPrivateIp } from './common.js';
import type { IdentityPart, Origin, PartContext } from './common.js';
import { concurrentSessions } from './concurrent-sessions.js';
import { createAndUse } from './create-and-use.js';
import { credentialStuffing } from './credential-stuffing.js';
import { dormantAccount } from './dormant-account.js';
import { impossibleTravel } from './impossible-travel.js';
import { kerberoast } from './kerberoast.js';
import { lateralChain } from './lateral-chain.js';
import { lateralMovement } from './lateral-movement.js';
import { newCountry } from './new-country.js';
import { newDevice } from './new-device.js';
import { newMethod } from './new-method.js';
import { newNetwork } from './new-network.js';
import { offHours } from './off-hours.js';
import { preauthStorm } from './preauth-storm.js';
import { privilegeEscalation } from './privilege-escalation.js';

/** VPN tunnel addresses remembered (address → time assigned); the table restarts when full. */
const MAX_TUNNELS = 100_000;

/** Longest silence of the whole stream that still counts as continuous history. */
const STREAM_GAP = 7 * DAY;

export { identityConfigSchema, type IdentityConfig } from './common.js';

/** What the family needs from outside. */
export interface IdentityDeps {
  /** Offline GeoIP for logons whose log names no country; default: the shipped DB-IP / Route Views data. */
  geo?: GeoLookup;
  /** Staff context: departments as peer groups. */
  context?: ContextIndex;
}

/** The origin of a logon: the gateway's country, else GeoIP of a public source address. */
function originOf(e: WardEvent, geo: GeoLookup): Origin | undefined {
  const gw = e.attrs?.country;
  const ip = e.srcIp;
  const found = ip !== undefined && !isPrivateIp(ip) ? geo.lookup(ip) : undefined;
  if (gw !== undefined) return { ...found, country: gw, via: 'gateway' };
  return found === undefined ? undefined : { ...found, via: 'geoip' };
}

/** The identity family; `config` follows identityConfigSchema. */
export function createIdentity(config?: unknown, deps?: IdentityDeps): DetectorFamily {
  const cfg = identityConfigSchema.parse(config ?? {});
  const geo = deps?.geo ?? defaultGeo();
  let originFor: WardEvent | undefined;
  let origin: Origin | undefined;
  const parts: IdentityPart[] = [
    credentialStuffing(),
    impossibleTravel(),
    newCountry(),
    newNetwork(),
    concurrentSessions(),
    offHours(),
    newDevice(),
    newMethod(),
    dormantAccount(),
    createAndUse(),
    privilegeEscalation(),
    kerberoast(),
    asrepRoast(),
    preauthStorm(),
    lateralMovement(),
    lateralChain(),
  ];
  let start: number | undefined;
  let tunnels = new Map<string, number>();
  let last: number | undefined;
  const ctx: PartContext = {
    cfg,
    get start() {
      return start ?? 0;
    },
    learned: (t) => start !== undefined && t - start >= cfg.learningHours * HOUR,
    peer: (account) => deps?.context?.department(account),
    leaver: (account) => deps?.context?.staff(account)?.active === false,
    viaVpn(e) {
      const at = e.srcIp === undefined ? undefined : tunnels.get(e.srcIp);
      return at !== undefined && e.time - at <= DAY && e.time >= at;
    },
    role(account) {
      const s = deps?.context?.staff(account);
      const r = s === undefined ? undefined : roleClass(s);
      return r === 'other' ? undefined : r;
    },
    origin(e) {
      if (originFor !== e) {
        originFor = e;
        origin = originOf(e, geo);
      }
      return origin;
    },
  };
  return {
    name: 'identity',
    detectors: parts.map((p) => p.meta),
    handle(e, emit) {
      if (e.class !== 'authentication') return;
      // A gap of a week with no events at all means the history does not cover that time (separate
      // captures, a collector outage): learning starts again rather than reading the gap as silence.
      if (start === undefined || e.time < start || (last !== undefined && e.time - last > STREAM_GAP))
        start = e.time;
      if (last === undefined || e.time > last) last = e.time;
      const tunnel = e.attrs?.tunnelIp;
      if (tunnel !== undefined && e.outcome === 'success') {
        if (tunnels.size >= MAX_TUNNELS) tunnels.clear();
        tunnels.set(tunnel, e.time);
      }
      for (const p of parts) p.handle(e, ctx, emit);
    },
    advance() {
      // Windows close on the next event of their key; nothing is held back for a timer.
    },
    finish() {
      // Nothing pending: every detector decides on the event that completes it.
    },
    snapshot: () => ({
      start,
      last,
      tunnels: [...tunnels],
      parts: parts.map((p) => JSON.parse(JSON.stringify(p.snapshot())) as unknown),
    }),
    restore(state) {
      const s = state as { start?: number; last?: number; tunnels?: [string, number][]; parts?: unknown[] };
      start = s.start;
      last = s.last;
      tunnels = new Map(s.tunnels ?? []);
      parts.forEach((p, i) => p.restore(s.parts?.[i]));
    },
  };
}
