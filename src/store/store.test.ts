/**
 * The store contract suite. Every engine runs it: add one `storeContract(...)` line with a harness that hands
 * out fresh, empty locations (a temp file for DuckDB; a fresh schema for PostgreSQL).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, ContextRecord, DeadLetter, WardEvent } from '../model/index.js';
import { openStore } from './index.js';
import type { Store } from './index.js';

/** A fresh location an engine can open as often as a test likes. */
interface Location {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

const T0 = Date.UTC(2026, 2, 4, 10, 0, 0);

const fullEvent: WardEvent = {
  id: '4624-77',
  source: 'security.evtx.json',
  format: 'windows-event',
  class: 'authentication',
  time: T0 + 1,
  ingestTime: T0 + 5000,
  user: 'HOSP\\aruiz',
  userName: 'Ana Ruiz',
  domain: 'HOSP',
  srcIp: '10.20.3.41',
  srcPort: 51234,
  dstIp: '10.20.0.5',
  dstPort: 445,
  host: 'dc01.hosp.local',
  device: 'ws-0042',
  patient: 'Patient/8841',
  resource: 'krbtgt/HOSP',
  action: 'logon',
  outcome: 'failure',
  bytesIn: 0,
  bytesOut: 1.5e12,
  protocol: 'tcp',
  purpose: 'ETREAT',
  code: '4625',
  status: '0xc000006a',
  method: 'NTLM',
  logonType: 3,
  encryption: '0x17',
  app: 'lsass',
  message: "An account failed to log on: O'Brien 100% _x_ — ünïcode 🙂",
  count: 2,
  raw: 'security.evtx.json:77',
  labels: { label: 'Malicious', detailed: 'PartOfAHorizontalPortScan' },
  attrs: { member: 'CN=Admins', empty: '' },
};

function ev(id: string, over: Partial<WardEvent> = {}): WardEvent {
  return {
    id,
    source: 'conn.log',
    format: 'zeek-conn',
    class: 'network_flow',
    time: T0,
    outcome: 'unknown',
    ...over,
  };
}

function alert(id: string, over: Partial<Alert> = {}): Alert {
  return {
    id,
    time: '2026-03-04T10:15:00Z',
    detector: 'ehr.family',
    category: 'ehr_privacy',
    severity: 'high',
    score: 87,
    title: 'Chart of a family member viewed',
    reasons: ['Ana Ruiz viewed the chart of a patient with the same surname living at her address'],
    entities: { user: 'Practitioner/p123', patient: 'Patient/8841' },
    events: ['ae-55120', 'ae-55121'],
    attack: ['T1078'],
    ...over,
  };
}

function deadLetter(position: string, over: Partial<DeadLetter> = {}): DeadLetter {
  return {
    source: 'a.ndjson',
    format: 'fhir-audit',
    position,
    reason: 'not_json',
    detail: 'unexpected token at column 3',
    raw: '{"id":',
    time: T0,
    ...over,
  };
}

const patient: ContextRecord = {
  kind: 'patient',
  ref: 'Patient/8841',
  source: 'Patient.ndjson',
  family: 'Ruiz',
  given: ['Lucía'],
  address: [{ line: ['Calle 1'], city: 'Madrid', postalCode: '28001' }],
  birthDate: '1980-02-01',
  deceased: false,
  securityLabels: ['VIP'],
  identifiers: ['urn:mrn|123'],
};
const encounter: ContextRecord = {
  kind: 'encounter',
  ref: 'Encounter/e1',
  source: 'Encounter.ndjson',
  time: T0 - 86_400_000,
  patient: 'Patient/8841',
  practitioners: ['Practitioner/p9'],
  period: { start: T0 - 86_400_000 },
  codes: ['IMP'],
  attrs: { ward: '4B' },
};

function storeContract(name: string, location: () => Promise<Location>): void {
  describe(`store contract: ${name}`, () => {
    let loc: Location;
    let store: Store;
    beforeEach(async () => {
      loc = await location();
      store = await loc.open();
    });
    afterEach(async () => {
      await store.close();
      await loc.dispose();
    });

    it('gives back events exactly as written, absent fields absent', async () => {
      const w = store.writer({ runId: 'run-1' });
      const minimal = ev('C1x2', { time: T0 + 2 });
      w.addEvent(fullEvent);
      w.addEvent(minimal);
      expect(w.pending).toBe(2);
      await w.flush();
      expect(w.pending).toBe(0);
      const page = await store.searchEvents();
      expect(page.total).toBe(2);
      expect(page.items).toEqual([fullEvent, minimal]);
      expect(Object.keys(page.items[1]!).sort()).toEqual(Object.keys(minimal).sort());
    });

    it('filters events by class, user, source IP, text and time range, and pages them', async () => {
      const w = store.writer();
      for (let i = 0; i < 10; i++) w.addEvent(ev(`n${i}`, { time: T0 + i * 1000, srcIp: `10.0.0.${i % 2}` }));
      w.addEvent({ ...fullEvent, time: T0 + 500 });
      await w.flush();
      const ids = async (q: Parameters<Store['searchEvents']>[0]): Promise<string[]> =>
        (await store.searchEvents(q)).items.map((e) => e.id);
      expect(await ids({ class: 'authentication' })).toEqual(['4624-77']);
      expect(await ids({ user: 'HOSP\\aruiz' })).toEqual(['4624-77']);
      expect(await ids({ srcIp: '10.0.0.1', limit: 2 })).toEqual(['n1', 'n3']);
      expect(await ids({ text: "o'brien 100%" })).toEqual(['4624-77']);
      expect(await ids({ text: 'PATIENT/8841' })).toEqual(['4624-77']);
      expect(await ids({ text: "x' OR '1'='1" })).toEqual([]);
      expect(await ids({ from: T0 + 2000, to: T0 + 4000 })).toEqual(['n2', 'n3']);
      const second = await store.searchEvents({ class: 'network_flow', limit: 3, offset: 3 });
      expect(second.total).toBe(10);
      expect(second.items.map((e) => e.id)).toEqual(['n3', 'n4', 'n5']);
      await expect(store.searchEvents({ limit: -1 })).rejects.toThrow(RangeError);
    });

    it('keeps both copies of an event written twice', async () => {
      const w = store.writer();
      w.addEvent(ev('dup'));
      w.addEvent(ev('dup'));
      await w.flush();
      expect((await store.searchEvents({ text: 'dup' })).total).toBe(2);
    });

    it('round-trips context and loads it by kind', async () => {
      const w = store.writer();
      w.addContext(patient);
      w.addContext(encounter);
      await w.flush();
      expect(await store.loadContext()).toEqual([patient, encounter]);
      expect(await store.loadContext('encounter')).toEqual([encounter]);
      expect(await store.loadContext('care_team')).toEqual([]);
    });

    it('round-trips dead letters, filtered by reason and paged', async () => {
      const w = store.writer();
      const letters = [1, 2, 3].map((n) => deadLetter(String(n), { time: T0 + n }));
      const late = deadLetter('9-12', { reason: 'bad_time', detail: 'time "yesterday" is not ISO 8601' });
      for (const d of [...letters, late]) w.addDeadLetter(d);
      await w.flush();
      expect(await store.listDeadLetters({ reason: 'not_json' })).toEqual({ total: 3, items: letters });
      expect((await store.listDeadLetters({ limit: 1, offset: 1 })).items).toEqual([letters[0]]);
      expect((await store.listDeadLetters({ reason: 'bad_time' })).items).toEqual([late]);
    });

    it('stores alerts as open, lists them newest first with filters, and records triage', async () => {
      const w = store.writer();
      const a1 = alert('a1');
      const a2 = alert('a2', { time: '2026-03-04T11:00:00.250Z', category: 'identity', severity: 'medium' });
      const a3 = alert('a3', { time: '2026-03-04T12:00:00Z', score: 95, severity: 'critical', attack: [] });
      for (const a of [a1, a2, a3]) w.addAlert(a);
      await w.flush();
      const got = await store.getAlert('a2');
      expect(got).toMatchObject({ ...a2, status: 'open' });
      expect(got && 'assignee' in got).toBe(false);
      expect(got?.updatedAt).toBeGreaterThan(0);
      expect(await store.getAlert('nope')).toBeUndefined();
      const all = await store.listAlerts();
      expect(all.total).toBe(3);
      expect(all.items.map((a) => a.id)).toEqual(['a3', 'a2', 'a1']);
      expect((await store.listAlerts({ category: 'ehr_privacy', limit: 1 })).items.map((a) => a.id)).toEqual([
        'a3',
      ]);
      expect((await store.listAlerts({ severity: 'medium' })).items.map((a) => a.id)).toEqual(['a2']);

      expect(
        await store.updateAlert('a1', { status: 'closed', verdict: 'false_positive', assignee: 'ana' }),
      ).toBe(true);
      expect(await store.updateAlert('a1', { assignee: null, comment: 'shift change' })).toBe(true);
      expect(await store.updateAlert('nope', { status: 'closed' })).toBe(false);
      const closed = await store.listAlerts({ status: 'closed' });
      expect(closed.items).toEqual([
        {
          ...a1,
          status: 'closed',
          verdict: 'false_positive',
          comment: 'shift change',
          updatedAt: expect.any(Number),
        },
      ]);
      expect((await store.listAlerts({ status: 'open' })).total).toBe(2);
    });

    it('finds alerts by detector, entity and time, and stores a given triage state', async () => {
      const w = store.writer();
      w.addAlert(alert('f1'));
      w.addAlert(
        alert('f2', {
          time: '2026-03-05T09:00:00Z',
          detector: 'auth.bruteforce',
          category: 'identity',
          entities: { srcIp: '203.0.113.9', user: 'HOSP\\aruiz' },
        }),
      );
      w.addAlert(
        alert('f3', {
          time: '2026-03-06T09:00:00Z',
          entities: { user: 'Practitioner/p9', patient: 'Patient/1' },
        }),
        {
          status: 'closed',
          verdict: 'benign',
          comment: 'suppressed by decision d1',
        },
      );
      await w.flush();
      const ids = async (q: Parameters<Store['listAlerts']>[0]): Promise<string[]> =>
        (await store.listAlerts(q)).items.map((a) => a.id);
      expect(await ids({ detector: 'auth.bruteforce' })).toEqual(['f2']);
      expect(await ids({ user: 'Practitioner/p123' })).toEqual(['f1']);
      expect(await ids({ patient: 'Patient/1' })).toEqual(['f3']);
      expect(await ids({ entity: '203.0.113.9' })).toEqual(['f2']);
      expect(await ids({ entity: 'Patient/8841' })).toEqual(['f1']);
      expect(await ids({ entity: "x' OR '1'='1" })).toEqual([]);
      expect(
        await ids({ from: Date.parse('2026-03-05T00:00:00Z'), to: Date.parse('2026-03-06T09:00:00Z') }),
      ).toEqual(['f2']);
      expect(await store.getAlert('f3')).toMatchObject({
        status: 'closed',
        verdict: 'benign',
        comment: 'suppressed by decision d1',
      });
      expect((await store.getAlert('f1'))?.status).toBe('open');
      const later = Date.now() + 1;
      await new Promise((r) => setTimeout(r, 5));
      expect(await ids({ updatedSince: later })).toEqual([]);
      await store.updateAlert('f1', { status: 'acknowledged' });
      expect(await ids({ updatedSince: later })).toEqual(['f1']);
    });

    it('filters events by patient, host, device and destination', async () => {
      const w = store.writer();
      w.addEvent(fullEvent);
      w.addEvent(ev('other', { dstIp: '10.9.9.9', host: 'ws-1' }));
      await w.flush();
      const ids = async (q: Parameters<Store['searchEvents']>[0]): Promise<string[]> =>
        (await store.searchEvents(q)).items.map((e) => e.id);
      expect(await ids({ patient: 'Patient/8841' })).toEqual(['4624-77']);
      expect(await ids({ host: 'ws-1' })).toEqual(['other']);
      expect(await ids({ device: 'ws-0042' })).toEqual(['4624-77']);
      expect(await ids({ dstIp: '10.9.9.9' })).toEqual(['other']);
    });

    it('keeps decisions append-only, oldest first, filtered by kind and subject', async () => {
      const d1 = {
        id: 'd1',
        kind: 'case',
        subject: 'c1',
        verdict: 'legitimate',
        actor: 'po',
        reason: 'covering nurse',
        time: T0,
      };
      const d2 = {
        ...d1,
        id: 'd2',
        verdict: 'confirmed',
        reason: 'manager confirmed',
        time: T0 + 1,
        data: { scope: 'pair' },
      };
      const d3 = { ...d1, id: 'd3', subject: 'c2', time: T0 + 2 };
      for (const d of [d2, d1, d3]) await store.saveDecision(d);
      expect((await store.listDecisions({ subject: 'c1' })).items).toEqual([d1, d2]);
      expect((await store.listDecisions({ kind: 'case' })).total).toBe(3);
      expect((await store.listDecisions({ kind: 'other' })).items).toEqual([]);
    });

    it('counts events by class, dead letters by reason, alerts by category, context by kind', async () => {
      const w = store.writer();
      w.addEvent(fullEvent);
      w.addEvent(ev('e1'));
      w.addEvent(ev('e2'));
      w.addDeadLetter(deadLetter('4'));
      w.addAlert(alert('a1'));
      w.addContext(patient);
      w.addContext(encounter);
      await w.flush();
      expect(await store.counts()).toEqual({
        events: { authentication: 1, network_flow: 2 },
        deadLetters: { not_json: 1 },
        alerts: { ehr_privacy: 1 },
        context: { patient: 1, encounter: 1 },
      });
    });

    it('saves, overwrites and deletes checkpoints', async () => {
      expect(await store.loadCheckpoint('zeek:conn.log')).toBeUndefined();
      const state = { offset: 1234, seen: ['a', 'b'], nested: { rate: 0.25, none: null } };
      await store.saveCheckpoint('zeek:conn.log', state);
      expect(await store.loadCheckpoint('zeek:conn.log')).toEqual(state);
      await store.saveCheckpoint('zeek:conn.log', 99);
      expect(await store.loadCheckpoint('zeek:conn.log')).toBe(99);
      await store.saveCheckpoint('zeek:conn.log', undefined);
      expect(await store.loadCheckpoint('zeek:conn.log')).toBeUndefined();
    });

    it('writes buffered rows with a checkpoint, so it never gets ahead of the data', async () => {
      const w = store.writer();
      w.addEvent(ev('before-checkpoint'));
      await store.saveCheckpoint('pipeline', { line: 1 });
      expect(w.pending).toBe(0);
      expect((await store.searchEvents()).items.map((e) => e.id)).toEqual(['before-checkpoint']);
    });

    it('refuses records that break the model invariants, at the call that adds them', () => {
      const w = store.writer();
      expect(() => w.addEvent(ev('bad', { time: Number.NaN }))).toThrow(/bad.*time/);
      expect(() => w.addAlert(alert('bad', { time: 'yesterday' }))).toThrow(TypeError);
      expect(w.pending).toBe(0);
    });

    it('keeps everything across close and reopen, flushing on close', async () => {
      const w = store.writer();
      w.addEvent(fullEvent);
      w.addAlert(alert('a1'));
      w.addContext(patient);
      w.addDeadLetter(deadLetter('7'));
      await store.saveCheckpoint('k', { n: 1 });
      w.addEvent(ev('unflushed', { time: T0 + 10 }));
      await store.close();
      expect(() => w.addEvent(ev('late'))).toThrow(/closed/);

      store = await loc.open();
      expect((await store.searchEvents()).items).toEqual([fullEvent, ev('unflushed', { time: T0 + 10 })]);
      expect((await store.getAlert('a1'))?.status).toBe('open');
      expect(await store.loadContext()).toEqual([patient]);
      expect((await store.listDeadLetters()).total).toBe(1);
      expect(await store.loadCheckpoint('k')).toEqual({ n: 1 });
    });
  });
}

storeContract('duckdb', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ward-store-'));
  // A nested path: opening must create the parent folders.
  const path = join(dir, 'ward-data', 'ward.duckdb');
  return { open: () => openStore(path), dispose: () => rm(dir, { recursive: true, force: true }) };
});
