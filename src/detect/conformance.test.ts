/**
 * The detector conformance suite (STYLE.md "Tests"): walks the registry and holds every family to the
 * contract — registration, ids, categories, ATT&CK ids, severity from score, evidence from the input,
 * determinism, and snapshot/restore that changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { ALERT_CATEGORIES, ATTACK_ID, alertSchema, severityOf } from '../model/index.js';
import type { Alert, WardEvent } from '../model/index.js';
import { mixedCorpus } from './auth/scenarios.js';
import { ehrCorpus } from './ehr/scenarios.js';
import { exfilCorpus } from './exfil/scenarios.js';
import type { DetectorFamily } from './detector.js';
import { createEngine } from './engine.js';
import { DETECTOR_FAMILIES, createDefaultFamilies } from './registry.js';

const corpus: WardEvent[] = [
  ...mixedCorpus(Date.UTC(2026, 0, 5)),
  ...ehrCorpus(Date.UTC(2026, 0, 5, 12)),
  ...exfilCorpus(Date.UTC(2026, 0, 5)),
].sort((a, b) => a.time - b.time);
const inputIds = new Set(corpus.map((e) => e.id));

function run(
  family: DetectorFamily,
  events: WardEvent[],
  cut?: number,
  restoreWith?: () => DetectorFamily,
): Alert[] {
  const alerts: Alert[] = [];
  let eng = createEngine({ families: [family], emit: (a) => alerts.push(a) });
  const stop = cut ?? events.length;
  for (const e of events.slice(0, stop)) eng.process(e);
  if (cut !== undefined && restoreWith !== undefined) {
    const snap = JSON.parse(JSON.stringify(eng.snapshot())) as unknown;
    eng = createEngine({ families: [restoreWith()], emit: (a) => alerts.push(a) });
    eng.restore(snap);
    for (const e of events.slice(stop)) eng.process(e);
  }
  eng.finish();
  return alerts;
}

describe('detector registry', () => {
  it('lists families with unique names and unique, well-formed detector ids', () => {
    const names = DETECTOR_FAMILIES.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    const ids = createDefaultFamilies().flatMap((f) => f.detectors.map((d) => d.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it('gives fresh state per create', () => {
    const f = DETECTOR_FAMILIES[0]!;
    expect(f.create()).not.toBe(f.create());
    expect(createDefaultFamilies().map((x) => x.name)).toEqual(DETECTOR_FAMILIES.map((x) => x.name));
  });
});

describe.each(DETECTOR_FAMILIES.map((f) => [f.name, f] as const))('family %s', (name, factory) => {
  it('is registered under its own name and declares complete metadata', () => {
    const fam = factory.create();
    expect(fam.name).toBe(name);
    expect(fam.detectors.length).toBeGreaterThan(0);
    for (const d of fam.detectors) {
      expect(ALERT_CATEGORIES).toContain(d.category);
      // Every detector names at least one ATT&CK technique, so every alert carries one (issue 7).
      expect(d.attack.length, `${d.id} declares no ATT&CK technique`).toBeGreaterThan(0);
      for (const t of d.attack) expect(t).toMatch(ATTACK_ID);
      expect(d.title.length).toBeGreaterThan(0);
      expect(d.needs.length).toBeGreaterThan(0);
      expect(d.scorePolicy.length).toBeGreaterThan(0);
      expect(d.falsePositives.length).toBeGreaterThan(0);
      expect(d.blindSpots.length).toBeGreaterThan(0);
    }
  });

  it('rejects unknown config keys', () => {
    expect(() => factory.create({ notAKey: true })).toThrow();
  });

  const alerts = run(factory.create(), corpus);

  it('emits contract alerts: schema, declared ids, severity from score, reasons, evidence from the input', () => {
    const fam = factory.create();
    const declared = new Map(fam.detectors.map((d) => [d.id, d]));
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(alertSchema.parse(a)).toEqual(a);
      const meta = declared.get(a.detector);
      expect(meta).toBeDefined();
      expect(a.category).toBe(meta?.category);
      expect(a.attack.length, `${a.detector} alert without ATT&CK technique`).toBeGreaterThan(0);
      for (const t of a.attack) expect(meta?.attack).toContain(t);
      expect(a.severity).toBe(severityOf(a.score));
      expect(a.reasons.length).toBeGreaterThan(0);
      for (const id of a.events) expect(inputIds.has(id)).toBe(true);
    }
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
  });

  it('gives the same alerts for the same input', () => {
    expect(run(factory.create(), corpus)).toEqual(alerts);
  });

  it('gives the same alerts after snapshot and restore at any point', () => {
    for (const frac of [0.1, 0.35, 0.5, 0.8, 0.97]) {
      const cut = Math.floor(corpus.length * frac);
      expect(run(factory.create(), corpus, cut, () => factory.create())).toEqual(alerts);
    }
  });

  it('never throws on odd authentication events', () => {
    const odd: WardEvent[] = [
      { id: 'o1', source: 's', format: 'f', class: 'authentication', time: 0, outcome: 'failure' },
      {
        id: 'o2',
        source: 's',
        format: 'f',
        class: 'authentication',
        time: 1,
        outcome: 'failure',
        action: 'logon',
        user: '',
      },
      {
        id: 'o3',
        source: 's',
        format: 'f',
        class: 'authentication',
        time: 2,
        outcome: 'success',
        action: 'logon',
        count: -4,
      },
      {
        id: 'o4',
        source: 's',
        format: 'f',
        class: 'authentication',
        time: 3,
        outcome: 'failure',
        action: 'logon',
        srcIp: '-',
        count: Number.NaN,
      },
      {
        id: 'o5',
        source: 's',
        format: 'f',
        class: 'authentication',
        time: 4,
        outcome: 'unknown',
        action: 'tgt_request',
        user: 'x@',
      },
    ];
    expect(() => run(factory.create(), odd)).not.toThrow();
  });
});
