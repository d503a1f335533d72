import { describe, expect, it } from 'vitest';
import type { DetectorFamily } from '../detect/detector.js';
import { LivePipeline } from '../live/live-pipeline.js';
import type { Alert } from '../model/index.js';
import { openStore } from '../store/index.js';
import { caseId } from './case.js';
import { decideCase } from './case-store.js';

const ANA = { user: 'Practitioner/ana', patient: 'Patient/1' };

/** A stand-in detector: one ehr.family alert on Ana and patient 1 per event, so the test controls what is raised. */
const family: DetectorFamily = {
  name: 'test-family',
  detectors: [
    {
      id: 'ehr.family',
      title: 'test',
      category: 'ehr_privacy',
      attack: ['T1078'],
      needs: ['authentication'],
      scorePolicy: 'fixed 60',
      falsePositives: [],
      blindSpots: [],
      maturity: 'experimental',
    },
  ],
  handle(e, emit) {
    const alert: Alert = {
      id: `al-${e.id}`,
      time: new Date(e.time).toISOString(),
      detector: 'ehr.family',
      category: 'ehr_privacy',
      severity: 'medium',
      score: 60,
      title: 'test',
      reasons: ['test reason'],
      entities: ANA,
      events: [e.id],
      attack: ['T1078'],
    };
    emit(alert);
  },
  advance() {},
  finish() {},
  snapshot: () => ({}),
  restore() {},
};

const line = (i: number): string =>
  `<38>1 2026-03-04T10:00:0${i}Z web01 sshd 42 - - Failed password for root from 203.0.113.9 port 4000${i} ssh2`;

describe('suppression in the live pipeline', () => {
  it('stores alerts a decision taken meanwhile covers as suppressed, at once', async () => {
    const store = await openStore(':memory:');
    try {
      const live = new LivePipeline({ store, families: [family] });
      await live.start();
      await live.submit({ source: 'sys', records: [line(1)] });
      expect(await store.getAlert('al-sys:1')).toMatchObject({ status: 'open' });

      await decideCase(store, {
        id: caseId(ANA.user, ANA.patient),
        verdict: 'legitimate',
        actor: 'po-1',
        reason: 'covering physician',
      });
      await live.submit({ source: 'sys', records: [line(2)] });
      const next = await store.getAlert('al-sys:2');
      expect(next).toMatchObject({ status: 'closed', verdict: 'benign' });
      expect(next!.comment).toContain('marked legitimate by po-1');
      await live.stop();
    } finally {
      await store.close();
    }
  });
});
