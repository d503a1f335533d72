/**
 * The `identity` detector family: identity analytics with per-user baselines learned from the stream (issue
 * 7). Each detector is its own module (see their headers); this file runs them in one family so they share
 * the stream start and learning period, and snapshots their states together. Settings: common.ts.
 */
import type { DetectorFamily } from '../detector.js';
import { asrepRoast } from './asrep-roast.js';
import { identityConfigSchema, HOUR } from './common.js';
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
      if (start === undefined || e.time < start) start = e.time;
      for (const p of parts) p.handle(e, ctx, emit);
    },
    advance() {
      // Windows close on the next event of their key; nothing is held back for a timer.
    },
    finish() {
      // Nothing pending: every detector decides on the event that completes it.
    },
    snapshot: () => ({ start, parts: parts.map((p) => JSON.parse(JSON.stringify(p.snapshot())) as unknown) }),
    restore(state) {
      const s = state as { start?: number; parts?: unknown[] };
      start = s.start;
      parts.forEach((p, i) => p.restore(s.parts?.[i]));
    },
  };
}
