/**
 * `ward sim2 --out DIR [--seed N --staff N --patients N --days N --cases N]`: write the second, independent
 * hospital. With `--identity`: its identity and remote-access logs instead (Windows Security events, sshd and VPN
 * gateway syslog, truth.jsonl) — `--patients` is not used then.
 */
import type { Command } from 'commander';
import { SIM2_DEFAULTS, writeSim2 } from '../sim2/index.js';
import { IDENTITY_DEFAULTS, writeIdentitySim } from '../sim2/identity/index.js';

interface Sim2Flags {
  out: string;
  seed: string;
  staff: string;
  patients: string;
  days: string;
  cases?: string;
  identity?: boolean;
}

function whole(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, not "${text}"`);
  return n;
}

function listFiles(files: Map<string, string>): void {
  for (const [path, text] of files) {
    const lines = path.endsWith('.md') ? 0 : text.split('\n').length - 1;
    console.error(`  ${path.padEnd(48)} ${lines > 0 ? lines.toLocaleString('en-US').padStart(9) : ''}`);
  }
}

/** Register the command. */
export function registerSim2(program: Command): void {
  program
    .command('sim2')
    .description(
      'Write a second, independently built hospital (FHIR Bulk context, BALP AuditEvents, truth.jsonl) for EHR-privacy evaluation; with --identity, its Windows, sshd and VPN logs for identity evaluation',
    )
    .requiredOption('--out <dir>', 'output directory (context/, logs/, truth.jsonl, README.md)')
    .option(
      '--identity',
      'write identity and remote-access logs (Windows Security JSON, sshd, FortiGate, GlobalProtect) with injected attacks',
    )
    .option('--seed <n>', 'random seed (same seed, same bytes)', String(SIM2_DEFAULTS.seed))
    .option('--staff <n>', 'number of staff', String(SIM2_DEFAULTS.staff))
    .option('--patients <n>', 'number of patients (EHR mode)', String(SIM2_DEFAULTS.patients))
    .option('--days <n>', 'days simulated', String(SIM2_DEFAULTS.days))
    .option(
      '--cases <n>',
      `injected instances of each type (default ${SIM2_DEFAULTS.cases}; ${IDENTITY_DEFAULTS.cases} with --identity)`,
    )
    .action(async (flags: Sim2Flags) => {
      if (flags.identity) {
        const opt = {
          seed: whole('--seed', flags.seed, 0),
          staff: whole('--staff', flags.staff, 40),
          days: whole('--days', flags.days, 2),
          cases: whole('--cases', flags.cases ?? String(IDENTITY_DEFAULTS.cases), 0),
        };
        const res = await writeIdentitySim(opt, flags.out);
        console.error(
          `Wrote the identity logs of a hospital of ${opt.staff} staff over ${opt.days} days to ${flags.out}:`,
        );
        listFiles(res.files);
        console.error(`  ${res.truth.length} injected attacks (truth.jsonl)`);
        return;
      }
      const opt = {
        seed: whole('--seed', flags.seed, 0),
        staff: whole('--staff', flags.staff, 60),
        patients: whole('--patients', flags.patients, 300),
        days: whole('--days', flags.days, 2),
        cases: whole('--cases', flags.cases ?? String(SIM2_DEFAULTS.cases), 0),
      };
      const res = await writeSim2(opt, flags.out);
      console.error(
        `Wrote a hospital of ${opt.staff} staff and ${opt.patients} patients over ${opt.days} days to ${flags.out}:`,
      );
      listFiles(res.files);
      console.error(`  ${res.truth.length} injected misuse instances (truth.jsonl)`);
    });
}
