/**
 * Quality gate: a small seeded evaluation must not score below the numbers recorded in eval/baseline.json.
 * The simulation is seeded, so numbers are exact; the tolerance only absorbs deliberate small changes to the
 * simulator. After an improvement, record the new level with `WARD_UPDATE_BASELINE=1 npx vitest run
 * src/eval/regression.test.ts` (see docs/eval.md).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseScenarioList } from '../sim/index.js';
import { runEval, type EvalReport } from './index.js';

const BASELINE = 'eval/baseline.json';

interface Baseline {
  options: { seed: number; staff: number; patients: number; days: number; scenarios: string };
  tolerance: { recall: number; precision: number; falseAlertsPerDay: number };
  overall: { detected: number; falseAlertsPerDay: number };
  byType: Record<string, { recall: number; precision: number | null; falseAlertsPerDay: number }>;
}

const OPTIONS = { seed: 1, staff: 60, patients: 400, days: 3, scenarios: 'all:2' };
const TOLERANCE = { recall: 0.02, precision: 0.02, falseAlertsPerDay: 0.5 };

function baselineOf(r: EvalReport): Baseline {
  return {
    options: OPTIONS,
    tolerance: TOLERANCE,
    overall: { detected: r.detected, falseAlertsPerDay: round(r.falseAlertsPerDay) },
    byType: Object.fromEntries(
      r.byType.map((t) => [
        t.type,
        {
          recall: round(t.recall),
          precision: t.precision === null ? null : round(t.precision),
          falseAlertsPerDay: round(t.falseAlertsPerDay),
        },
      ]),
    ),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

describe('evaluation regression gate', () => {
  it('scores at least the recorded baseline', async () => {
    const report = await runEval({ ...OPTIONS, scenarios: parseScenarioList(OPTIONS.scenarios) });
    const now = baselineOf(report);
    if (process.env.WARD_UPDATE_BASELINE === '1')
      await writeFile(BASELINE, JSON.stringify(now, null, 2) + '\n');
    const base = JSON.parse(await readFile(BASELINE, 'utf8')) as Baseline;
    expect(now.options).toEqual(base.options);
    const drops: string[] = [];
    for (const [type, b] of Object.entries(base.byType)) {
      const c = now.byType[type];
      if (!c) {
        drops.push(`${type}: scenario no longer simulated`);
        continue;
      }
      if (c.recall < b.recall - base.tolerance.recall)
        drops.push(`${type}: recall ${c.recall} < ${b.recall}`);
      if (
        b.precision !== null &&
        c.precision !== null &&
        c.precision < b.precision - base.tolerance.precision
      )
        drops.push(`${type}: precision ${c.precision} < ${b.precision}`);
      if (c.falseAlertsPerDay > b.falseAlertsPerDay + base.tolerance.falseAlertsPerDay)
        drops.push(`${type}: false alerts/day ${c.falseAlertsPerDay} > ${b.falseAlertsPerDay}`);
    }
    if (now.overall.falseAlertsPerDay > base.overall.falseAlertsPerDay + base.tolerance.falseAlertsPerDay)
      drops.push(
        `overall false alerts/day ${now.overall.falseAlertsPerDay} > ${base.overall.falseAlertsPerDay}`,
      );
    expect(drops).toEqual([]);
    // Every file the simulator writes for a parser that exists is read cleanly.
    expect(report.rejected).toBe(0);
  }, 60_000);
});
