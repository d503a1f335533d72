/**
 * The `exfiltration` detector family: data movement with per-entity baselines learned from the stream (issue 7).
 * Each detector is its own module (see their headers); this file runs them in one family so they share the
 * stream start and learning period, the address attribution (attribution.ts) and the outbound volume state
 * (uploads.ts), and snapshots them together. Settings: common.ts.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorFamily } from '../detector.js';
import type { ContextIndex } from '../../context/index.js';
import { AddressAttribution } from './attribution.js';
import { DAY, exfilConfigSchema, HOUR, type ExfilPart, type PartContext } from './common.js';
import { ehrExport } from './ehr-export.js';
import { largeUpload } from './large-upload.js';
import { newDestination } from './new-destination.js';
import { removableMedia } from './removable-media.js';
import { Uploads, type Upload } from './uploads.js';

/** Longest silence of the whole stream that still counts as continuous history. */
const STREAM_GAP = 7 * DAY;

export { exfilConfigSchema, type ExfilConfig } from './common.js';
export { AddressAttribution } from './attribution.js';

/** The exfiltration family; `config` follows exfilConfigSchema; `deps.context` names departments (peer groups). */
export function createExfiltration(config?: unknown, deps?: { context?: ContextIndex }): DetectorFamily {
  const cfg = exfilConfigSchema.parse(config ?? {});
  let attribution = new AddressAttribution();
  let uploads = new Uploads();
  let current: Upload | undefined;
  const now = (): Upload | undefined => current;
  const parts: ExfilPart[] = [
    largeUpload((name) => uploads.peer(name), now),
    newDestination(now),
    removableMedia(),
    ehrExport(),
  ];
  let start: number | undefined;
  let last: number | undefined;
  const ctx: PartContext = {
    cfg,
    get attribution() {
      return attribution;
    },
    learned: (t) => start !== undefined && t - start >= cfg.learningHours * HOUR,
  };
  if (deps?.context !== undefined) ctx.context = deps.context;
  return {
    name: 'exfiltration',
    detectors: parts.map((p) => p.meta),
    handle(e: WardEvent, emit) {
      // A week without any event: the history does not cover the gap, learning starts again.
      if (start === undefined || e.time < start || (last !== undefined && e.time - last > STREAM_GAP))
        start = e.time;
      if (last === undefined || e.time > last) last = e.time;
      attribution.observe(e);
      current = uploads.observe(e, ctx);
      for (const p of parts) p.handle(e, ctx, emit);
      current = undefined;
    },
    advance() {
      // Every detector decides on the event that completes it; nothing waits for a timer.
    },
    finish() {
      // Nothing pending.
    },
    snapshot: () => ({
      start,
      last,
      attribution: attribution.snapshot(),
      uploads: uploads.snapshot(),
      parts: parts.map((p) => JSON.parse(JSON.stringify(p.snapshot() ?? null)) as unknown),
    }),
    restore(state) {
      const s = (state ?? {}) as {
        start?: number;
        last?: number;
        attribution?: unknown;
        uploads?: unknown;
        parts?: unknown[];
      };
      start = s.start;
      last = s.last;
      attribution = new AddressAttribution();
      attribution.restore(s.attribution);
      uploads = new Uploads();
      uploads.restore(s.uploads);
      parts.forEach((p, i) => p.restore(s.parts?.[i]));
    },
  };
}
