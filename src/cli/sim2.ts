/** `ward sim2 --out DIR [--seed N --staff N --patients N --days N --cases N]`: write the second, independent hospital. */
import type { Command } from 'commander';
import { SIM2_DEFAULTS, writeSim2 } from '../sim2/index.js';

interface Sim2Flags {
  out: string;
  seed: string;
  staff: string;
  patients: string;
  days: string;
  cases: string;
}

function whole(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, not "${text}"`);
  return n;
}

/** Register the command. */
export function registerSim2(program: Command): void {
  program
    .command('sim2')
    .description(
      'Write a second, independently built hospital (FHIR Bulk context, BALP AuditEvents, truth.jsonl) for EHR-privacy evaluation',
    )
    .requiredOption('--out <dir>', 'output directory (context/, logs/, truth.jsonl, README.md)')
    .option('--seed <n>', 'random seed (same seed, same bytes)', String(SIM2_DEFAULTS.seed))
    .option('--staff <n>', 'number of staff', String(SIM2_DEFAULTS.staff))
    .option('--patients <n>', 'number of patients', String(SIM2_DEFAULTS.patients))
    .option('--days <n>', 'days simulated', String(SIM2_DEFAULTS.days))
    .option('--cases <n>', 'injected instances of each misuse type', String(SIM2_DEFAULTS.cases))
    .action(async (flags: Sim2Flags) => {
      const opt = {
        seed: whole('--seed', flags.seed, 0),
        staff: whole('--staff', flags.staff, 60),
        patients: whole('--patients', flags.patients, 300),
        days: whole('--days', flags.days, 2),
        cases: whole('--cases', flags.cases, 0),
      };
      const res = await writeSim2(opt, flags.out);
      console.error(
        `Wrote a hospital of ${opt.staff} staff and ${opt.patients} patients over ${opt.days} days to ${flags.out}:`,
      );
      for (const [path, text] of res.files) {
        const lines = path.endsWith('.ndjson') || path.endsWith('.jsonl') ? text.split('\n').length - 1 : 0;
        console.error(`  ${path.padEnd(34)} ${lines > 0 ? lines.toLocaleString('en-US').padStart(9) : ''}`);
      }
      console.error(`  ${res.truth.length} injected misuse instances (truth.jsonl)`);
    });
}
