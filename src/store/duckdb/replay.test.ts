/** A resumed writer skips the rows its run already stored, then writes everything new. */
import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../../model/index.js';
import { openStore } from '../index.js';

const ev = (id: string, time = 1): WardEvent => ({
  id,
  source: 'auth.log',
  format: 'syslog',
  class: 'authentication',
  time,
  outcome: 'failure',
});

describe('resumed writer', () => {
  it('stores each row of a replayed run once, and only skips rows of its own run', async () => {
    const store = await openStore(':memory:');
    const other = store.writer({ runId: 'other' });
    other.addEvent(ev('c'));
    await other.flush();

    const first = store.writer({ runId: 'r1' });
    first.addContext({ kind: 'organization', ref: 'Organization/o1', source: 'orgs.ndjson' });
    first.addEvent(ev('a'));
    first.addEvent(ev('b', 2));
    first.addDeadLetter({
      reason: 'bad_syslog',
      detail: 'line 3: no timestamp',
      raw: 'x',
      position: '3',
      source: 'auth.log',
      format: 'syslog',
      time: 5,
    });
    await first.flush();

    // The resumed run re-reads its context, then replays b (stored after its checkpoint) and goes on with c, d.
    const resumed = store.writer({ runId: 'r1', resume: true });
    resumed.addContext({ kind: 'organization', ref: 'Organization/o1', source: 'orgs.ndjson' });
    resumed.addEvent(ev('b', 2));
    resumed.addEvent(ev('c'));
    resumed.addDeadLetter({
      reason: 'bad_syslog',
      detail: 'line 3: no timestamp',
      raw: 'x',
      position: '3',
      source: 'auth.log',
      format: 'syslog',
      time: 9,
    });
    await resumed.flush();
    // Past the replay nothing is checked: a repeat in the input is kept, as in any run.
    resumed.addEvent(ev('a'));
    await resumed.flush();

    const seq = await store.eventsAfter(0, 100);
    expect(seq.map((s) => [s.seq, s.event.id])).toEqual([
      [1, 'c'],
      [2, 'a'],
      [3, 'b'],
      [4, 'c'],
      [5, 'a'],
    ]);
    const counts = await store.counts();
    expect(counts.context).toEqual({ organization: 1 });
    expect(counts.deadLetters).toEqual({ bad_syslog: 1 });
    await store.close();
  });
});
