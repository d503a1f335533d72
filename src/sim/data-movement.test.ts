import { describe, expect, it } from 'vitest';
import type { SimRecord } from './record.js';
import { simulate } from './simulate.js';
import { INTEGRATION_ACCOUNT, PACS_ARCHIVE, TELERADIOLOGY, macOf } from './data-movement.js';
import { SERVERS } from './world.js';

describe('benign data movement', () => {
  const sim = simulate({ seed: 3, staff: 40, patients: 100, days: 3, scenarios: {} });
  const recs = sim.records.records;
  const conns = recs.filter((r): r is SimRecord<'zeek'> => r.file === 'zeek').map((r) => r.data);

  it('renews every active workstation address each day with its own stable MAC', () => {
    const acks = recs.filter((r) => r.file === 'dhcp');
    const active = sim.world.staff.filter((s) => !s.dormant);
    expect(acks).toHaveLength(active.length * 3);
    const s = active[0]!;
    const mine = acks.filter((r) => (r.data as { msg: string }).msg.includes(` ${s.workstation.ip} `));
    expect(mine).toHaveLength(3);
    expect((mine[0]!.data as { msg: string }).msg).toBe(
      `DHCPACK on ${s.workstation.ip} to ${macOf(s.workstation.host)} (${s.workstation.host}) via eth0`,
    );
  });

  it('makes large transfers every day: internal backups, PACS archiving, teleradiology, nightly export', () => {
    const backups = conns.filter((c) => c.respH === '10.0.0.70');
    expect(backups).toHaveLength(6);
    for (const b of backups) expect(b.origBytes).toBeGreaterThanOrEqual(40e9);
    expect(conns.filter((c) => c.origH === SERVERS.pacs.ip && c.respH === PACS_ARCHIVE)).toHaveLength(9);
    expect(conns.filter((c) => c.respH === TELERADIOLOGY).length).toBeGreaterThanOrEqual(4);
    const exports = recs.filter(
      (r) => r.file === 'audit' && (r.data as { user: string }).user === INTEGRATION_ACCOUNT,
    );
    expect(exports).toHaveLength(3);
  });

  it('is deterministic for a seed', () => {
    const again = simulate({ seed: 3, staff: 40, patients: 100, days: 3, scenarios: {} });
    expect(again.records.records.map((r) => [r.file, r.time])).toEqual(recs.map((r) => [r.file, r.time]));
  });
});
