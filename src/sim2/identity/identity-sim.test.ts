/**
 * The identity generator: deterministic bytes, logs Ward reads without a dead letter (the real ingest pipeline),
 * and a measured end-to-end evaluation of Ward's default detector families on a hospital domain it was not tuned
 * on. Floors sit a little under the figures measured on this size and seed (docs/sim2.md, "Identity").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeInMemory, type MemoryRun } from '../../eval/run.js';
import { score, strictByType } from '../../eval/score.js';
import {
  generateIdentitySim,
  IDENTITY_CASE_TYPES,
  writeIdentitySim,
  type IdentitySimOptions,
  type IdentitySimOutput,
} from './index.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function run(opt: IdentitySimOptions): Promise<MemoryRun & { out: IdentitySimOutput }> {
  const dir = await mkdtemp(join(tmpdir(), 'ward-sim2-identity-'));
  dirs.push(dir);
  const out = await writeIdentitySim(opt, dir);
  return { out, ...(await analyzeInMemory([join(dir, 'logs')])) };
}

describe('sim2 identity generator', () => {
  it('gives the same bytes for the same seed, another domain for another seed, and every attack type', () => {
    const opt = { seed: 5, staff: 60, days: 2, cases: 1 };
    const a = generateIdentitySim(opt);
    const b = generateIdentitySim(opt);
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    for (const [path, text] of a.files) expect(b.files.get(path), path).toBe(text);
    const c = generateIdentitySim({ ...opt, seed: 6 });
    expect(c.files.get('logs/windows/dc-security.jsonl')).not.toBe(
      a.files.get('logs/windows/dc-security.jsonl'),
    );
    expect([...new Set(a.truth.map((t) => t.type))].sort()).toEqual([...IDENTITY_CASE_TYPES].sort());
    expect(a.files.get('README.md')).toContain('ward sim2 --identity --seed 5 --staff 60 --days 2 --cases 1');
  });

  it('writes Windows, sshd and VPN logs that Ward reads without a dead letter, with every evidence id', async () => {
    const { out, dead, ids, summary } = await run({ seed: 3, staff: 80, days: 2, cases: 1 });
    expect(dead).toEqual([]);
    const lines = [...out.files]
      .filter(([p]) => p.startsWith('logs/'))
      .reduce((s, [, text]) => s + text.split('\n').length - 1, 0);
    expect(summary.events).toBe(lines);
    const formats = Object.fromEntries(summary.files.map((f) => [f.path.split('/').pop(), f.format]));
    expect(formats).toEqual({
      'dc-security.jsonl': 'windows-event',
      'member-servers-winlogbeat.ndjson': 'windows-event',
      'workstations-wef.jsonl': 'windows-event',
      'linux-auth.log': 'syslog',
      'fortigate-vpn.log': 'syslog',
      'globalprotect.log': 'syslog',
    });
    expect(summary.eventsByClass.authentication ?? 0).toBeGreaterThan(lines * 0.9);
    for (const t of out.truth) for (const e of t.events) expect(ids.has(e), `${t.id} ${e}`).toBe(true);
  });

  /*
   * Measured 2026-11-27 at this size (120 staff, 4 days, 2 instances of each of the 19 types = 38 attacks):
   * seed 1 identity recall 0.82 (score.ts: any alert sharing an entity or evidence id within [start, end + 24 h]),
   * strict recall 0.71 (an alert of the instance's own detector), precision 0.52, 13.8 false alerts/day; seed 2
   * 0.82 / 0.71 / 0.47 / 15.5; seed 3 0.84 / 0.79 / 0.52 / 13.8. The 300-staff, 7-day figures are in
   * docs/sim2.md. Floors leave margin for noise; a real regression (or a broken parser mapping) still fails them.
   * After the identity fixes this generator prompted (dormancy needs a week of history, remote hours need a remote
   * habit, VPN tunnel addresses are remote, new-device judges unknown machines and other departments' PCs):
   * seed 1 recall 0.79, strict 0.66, precision 0.81, 2.8 false alerts/day; seed 2 0.74 / 0.63 / 0.89 / 1.3; seed 3
   * 0.84 / 0.74 / 0.91 / 1.3. Precision and false-alert floors follow; recall floors stay.
   */
  it('evaluation: Ward finds most injected identity attacks', async () => {
    const opt = { seed: 1, staff: 120, days: 4, cases: 2 };
    const { out, alerts, known } = await run(opt);
    const s = score(out.truth, alerts, opt.days, known);
    const family = s.byFamily.find((f) => f.family === 'identity');
    expect(family).toBeDefined();
    expect(family?.recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
    expect(family?.precision ?? 0).toBeGreaterThanOrEqual(PRECISION_FLOOR);
    expect(family?.falseAlertsPerDay ?? 0).toBeLessThanOrEqual(FALSE_PER_DAY_CEILING);
    let strict = 0;
    for (const [type, own] of strictByType(out.truth, alerts, opt.days, known)) {
      strict += own.detected;
      if (STRONG_TYPES.includes(type)) expect(own.detected, type).toBe(own.instances);
    }
    expect(strict / out.truth.length).toBeGreaterThanOrEqual(STRICT_RECALL_FLOOR);
    for (const a of alerts.filter((x) => x.category === 'identity')) {
      expect(a.reasons.length).toBeGreaterThan(0);
      expect(a.events.length).toBeGreaterThan(0);
    }
  });
});

const RECALL_FLOOR = 0.72;
const STRICT_RECALL_FLOOR = 0.6;
const PRECISION_FLOOR = 0.7;
const FALSE_PER_DAY_CEILING = 5;
/** Types Ward found with their own detector in every instance on seeds 1–3 at the test size. */
const STRONG_TYPES: readonly string[] = [
  'auth.bruteforce',
  'auth.spray',
  'auth.credential_stuffing',
  'auth.concurrent_sessions',
  'auth.privilege_escalation',
  'auth.kerberoast',
];
