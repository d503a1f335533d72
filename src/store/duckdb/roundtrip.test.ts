/** Awkward values come back from the file exactly as written: text, numbers, times, JSON, absent fields. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContextRecord, DeadLetter, WardEvent } from '../../model/index.js';
import { openStore } from '../index.js';

const AWKWARD = [
  'say "hi", then \'bye\'',
  'line one\nline two\r\nline three',
  'tab\there, comma, semicolon; pipe|',
  'Zoë Ødegård — Ünïcode 中文 🩺',
  '\\backslash\\ and \\"escaped\\" quotes',
  '',
  ' leading and trailing spaces ',
  'NULL',
  '{"looks":"like json"}',
  'a,"b",c\n1,2,3',
];

describe('store round trip', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ward-roundtrip-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every event field exactly, through close and reopen', async () => {
    const events: WardEvent[] = AWKWARD.map((text, i) => ({
      id: `id-${i}-${text}`,
      source: `src ${text}`,
      format: 'syslog',
      class: 'authentication',
      time: Date.UTC(2026, 2, 1) + i,
      ingestTime: Date.UTC(2026, 2, 1, 0, 0, 1) + i,
      user: text,
      userName: text,
      srcIp: i % 2 === 0 ? '2001:db8::1' : '10.0.0.1',
      srcPort: 65_535,
      dstPort: 0,
      outcome: 'failure',
      bytesIn: Number.MAX_SAFE_INTEGER,
      bytesOut: 0.5,
      logonType: 10,
      count: -3,
      message: text,
      raw: `f.log:${i + 1}`,
      labels: { label: text },
      attrs: { [text || 'empty']: text, 'nested "key"': 'x\ny' },
    }));
    // Absent optional fields stay absent; times before 1970 and far ahead survive as epoch ms.
    events.push({
      id: 'min',
      source: 's',
      format: 'f',
      class: 'process',
      time: -86_400_000,
      outcome: 'unknown',
    });
    events.push({
      id: 'max',
      source: 's',
      format: 'f',
      class: 'process',
      time: 253_402_300_799_999,
      outcome: 'success',
    });
    const context: ContextRecord = {
      kind: 'practitioner',
      ref: 'Practitioner/"p1"',
      source: 'staff,list.csv',
      time: 1,
      family: 'Ruiz "Ani"\nsecond line',
      given: ['Ana', 'Zoë'],
      deceased: false,
      period: { start: 0 },
    };
    const dead: DeadLetter = {
      reason: 'bad_csv',
      detail: 'line 2: field "user" has 3 quotes',
      raw: 'a,"b\n"c',
      position: '2',
      source: 'x.csv',
      format: 'ehr-csv',
      time: 7,
    };

    const path = join(dir, 'ward.duckdb');
    let store = await openStore(path);
    const w = store.writer({ runId: 'run "1"' });
    for (const e of events) w.addEvent(e);
    w.addContext(context);
    w.addDeadLetter(dead);
    await store.close();

    store = await openStore(path);
    const back = await store.searchEvents({ limit: 100 });
    const byId = new Map(back.items.map((e) => [e.id, e]));
    expect(back.total).toBe(events.length);
    for (const e of events) expect(byId.get(e.id)).toStrictEqual(e);
    expect(await store.loadContext()).toStrictEqual([context]);
    expect((await store.listDeadLetters()).items).toStrictEqual([dead]);
    await store.close();
  });
});
