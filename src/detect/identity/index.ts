/**
 * The `identity` detector family: identity analytics with per-user baselines learned from the stream (issue
 * 7). Each detector is its own module (see their headers); this file runs them in one family so they share
 * the stream start and learning period, and snapshots their states together. Settings: common.ts.
 */
import type { DetectorFamily } from '../detector.js';
import { asrepRoast } from './asrep-roast.js';
import { DAY, identityConfigSchema, HOUR } from './common.js';
import type { IdentityPart, PartContext } from './common.js';
import { createAndUse } from './create-and-use.js';
import { credentialStuffing } from './credential-stuffing.js';
import { dormantAccount } from './dormant-account.js';
import { impossibleTravel } from './impossible-travel.js';
import { kerberoast } from './kerberoast.js';
import { lateralMovement } from './lateral-movement.js';
import { newCountry } from './new-country.js';
import { offHours } from './off-hours.js';
import { privilegeEscalation } from './privilege-escalation.js';

/** Longest silence of the whole stream that still counts as continuous history. */
const STREAM_GAP = 7 * DAY;

export { identityConfigSchema, type IdentityConfig } from './common.js';

/** The identity family; `config` follows identityConfigSchema. */
export function createIdentity(config?: unknown): DetectorFamily {
  const cfg = identityConfigSchema.parse(config ?? {});
  const parts: IdentityPart[] = [
    credentialStuffing(),
    impossibleTravel(),
    newCountry(),
    offHours(),
    dormantAccount(),
    createAndUse(),
    privilegeEscalation(),
    kerberoast(),
    asrepRoast(),
    lateralMovement(),
  ];
  let start: number | undefined;
  let last: number | undefined;
  const ctx: PartContext = {
    cfg,
    get start() {
      return start ?? 0;
    },
    learned: (t) => start !== undefined && t - start >= cfg.learningHours * HOUR,
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
      parts: parts.map((p) => JSON.parse(JSON.stringify(p.snapshot())) as unknown),
    }),
    restore(state) {
      const s = state as { start?: number; last?: number; parts?: unknown[] };
      start = s.start;
      last = s.last;
      parts.forEach((p, i) => p.restore(s.parts?.[i]));
    },
  };
}
