/** Event builders for the exfiltration tests (not a test file itself). */
import type { Alert, WardEvent } from '../../model/index.js';
import { createExfiltration } from './index.js';

/** Midnight of the first test day, and a day in ms. */
export const T0 = Date.UTC(2026, 2, 2);
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

let seq = 0;

/** An event with a fresh id. */
export function ev(time: number, f: Partial<WardEvent> & Pick<WardEvent, 'class'>): WardEvent {
  seq++;
  return { id: `t${seq}`, source: 'test', format: 'test', time, outcome: 'success', ...f };
}

/** A Zeek-like connection with bytes out. */
export function conn(time: number, src: string, dst: string, bytesOut: number, dstPort = 443): WardEvent {
  return ev(time, { class: 'network_flow', action: 'conn', srcIp: src, dstIp: dst, dstPort, bytesOut });
}

/** Run the family over events (sorted by time) and return its alerts. */
export function runFamily(events: WardEvent[], config?: unknown): Alert[] {
  const fam = createExfiltration(config);
  const out: Alert[] = [];
  for (const e of [...events].sort((a, b) => a.time - b.time)) fam.handle(e, (a) => out.push(a));
  fam.finish((a) => out.push(a));
  return out;
}
