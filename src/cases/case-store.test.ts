import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../model/index.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { caseId } from './case.js';
import { decideCase, loadCase, loadCases } from './case-store.js';
import { SUPPRESS_BULK_DAYS, SUPPRESS_DAYS, Suppressor, suppressorFor } from './suppress.js';

const T = Date.parse('2026-03-04T10:00:00Z');
const DAY = 86_400_000;

function alert(
  id: string,
  detector: string,
  entities: Record<string, string>,
  at: number,
  score = 60,
): Alert {
  return {
    id,
    time: new Date(at).toISOString(),
    detector,
    category: 'ehr_privacy',
    severity: 'medium',
    score,
    title: detector,
    reasons: [`${detector} reason`],
    entities,
    events: [`${id}-e`],
    attack: ['T1078'],
  };
}

const ANA = { user: 'Practitioner/ana', patient: 'Patient/1' };
const ANA_BULK = { user: 'Practitioner/ana' };

describe('cases over a store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
    const w = store.writer();
    w.addAlert(alert('a1', 'ehr.family', ANA, T));
    w.addAlert(alert('a2', 'ehr.neighbour', ANA, T + 60_000));
    w.addAlert(alert('b1', 'ehr.bulk', ANA_BULK, T, 70));
    w.addAlert(alert('c1', 'ehr.vip', { user: 'Practitioner/bob', patient: 'Patient/2' }, T, 50));
    await w.flush();
  });
  afterEach(async () => {
    await store.close();
  });

  it('a legitimate decision closes the case, is logged, and suppresses similar new alerts for 180 days', async () => {
    const id = caseId(ANA.user, ANA.patient);
    const decided = await decideCase(store, {
      id,
      verdict: 'legitimate',
      actor: 'po-1',
      reason: 'her own mother, consent on file',
      time: T + DAY,
    });
    expect(decided).toMatchObject({
      status: 'legitimate',
      decision: { actor: 'po-1', verdict: 'legitimate' },
    });
    const a1 = await store.getAlert('a1');
    expect(a1).toMatchObject({ status: 'closed', verdict: 'benign' });
    expect(a1!.comment).toContain('marked legitimate by po-1');
    expect(a1!.comment).toContain('consent on file');
    const log = await store.listDecisions({ kind: 'case', subject: id });
    expect(log.items[0]).toMatchObject({ verdict: 'legitimate', actor: 'po-1', data: { user: ANA.user } });

    // The shared suppressor took the decision in at once; a fresh one reads it from the store.
    for (const sup of [await suppressorFor(store), await fresh(store)]) {
      const again = alert('a3', 'ehr.family', ANA, T + 10 * DAY);
      expect(sup.triage(again)).toMatchObject({ status: 'closed', verdict: 'benign' });
      expect(sup.triage(again)!.comment).toContain('po-1');
      expect(sup.triage(alert('x', 'ehr.vip', ANA, T + 10 * DAY))).toBeUndefined();
      expect(sup.triage(alert('x', 'ehr.family', { ...ANA, patient: 'Patient/9' }, T))).toBeUndefined();
      expect(sup.triage(alert('x', 'ehr.family', ANA, T + (SUPPRESS_DAYS + 2) * DAY))).toBeUndefined();
    }

    // Stored suppressed, the new alert joins the case's suppressed list and leaves it legitimate.
    const w = store.writer();
    const a3 = alert('a3', 'ehr.family', ANA, T + 10 * DAY, 95);
    w.addAlert(a3, (await suppressorFor(store)).triage(a3));
    await w.flush();
    const c = (await loadCases(store)).find((x) => x.id === id)!;
    expect(c).toMatchObject({ status: 'legitimate', suppressedAlerts: ['a3'], score: 84 });
  });

  it('a bulk case suppresses the same user and detector for 30 days', async () => {
    await decideCase(store, {
      id: caseId(ANA.user, undefined),
      verdict: 'legitimate',
      actor: 'po',
      reason: 'registrar',
      time: T,
    });
    const sup = await fresh(store);
    expect(sup.triage(alert('x', 'ehr.bulk', ANA_BULK, T + 5 * DAY))).toBeDefined();
    expect(sup.triage(alert('x', 'ehr.bulk', ANA_BULK, T + (SUPPRESS_BULK_DAYS + 1) * DAY))).toBeUndefined();
    expect(sup.triage(alert('x', 'ehr.family', ANA, T + DAY))).toBeUndefined();
  });

  it('a confirmed decision closes the alerts as true positives, ends a suppression and raises the user’s other cases', async () => {
    const id = caseId(ANA.user, ANA.patient);
    await decideCase(store, { id, verdict: 'legitimate', actor: 'po', reason: 'first look', time: T });
    const decided = await decideCase(store, {
      id,
      verdict: 'confirmed',
      actor: 'po-2',
      reason: 'no consent after all',
      time: T + DAY,
    });
    expect(decided).toMatchObject({ status: 'confirmed', decision: { actor: 'po-2' } });
    // Alerts closed by the first decision keep its verdict; the suppression ends with the second.
    expect((await fresh(store)).triage(alert('x', 'ehr.family', ANA, T + 2 * DAY))).toBeUndefined();
    expect((await suppressorFor(store)).triage(alert('x', 'ehr.family', ANA, T + 2 * DAY))).toBeUndefined();
    const bulk = (await loadCases(store)).find((c) => c.id === caseId(ANA.user, undefined))!;
    expect(bulk.history).toEqual({ cases: 1, confirmed: 1, legitimate: 0 });
    expect(bulk.score).toBe(77.5);

    const detail = await loadCase(store, id);
    expect(detail!.alerts.map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(detail!.decisions.map((d) => d.verdict)).toEqual(['legitimate', 'confirmed']);
    expect(detail!.otherCases.map((c) => c.id)).toEqual([caseId(ANA.user, undefined)]);
  });

  it('answers undefined for an unknown case', async () => {
    expect(
      await decideCase(store, { id: 'nope', verdict: 'confirmed', actor: 'po', reason: 'x' }),
    ).toBeUndefined();
    expect(await loadCase(store, 'nope')).toBeUndefined();
  });
});

async function fresh(store: Store): Promise<Suppressor> {
  const s = new Suppressor();
  await s.refresh(store);
  return s;
}
