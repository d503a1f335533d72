/** `ward eval --seed N [--days N] [--json out.json]`: simulate, analyze, score against the truth, print a table. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { formatEvalTable, runEval } from '../eval/index.js';
import { parseScenarioList } from '../sim/index.js';

/** The simulation size flags `ward sim` and `ward eval` share, as commander gives them. */
export interface SimSizeFlags {
  seed: string;
  staff: string;
  patients: string;
  days: string;
  scenarios: string;
}

interface EvalFlags extends SimSizeFlags {
  json?: string;
  keep?: string;
  progress: boolean;
}

function whole(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number ≥ ${min}, not "${text}"`);
  return n;
}

/** Add `--seed`, `--staff`, `--patients` and `--days` to a command, with its own seed help and size defaults. */
export function simSizeOptions(
  cmd: Command,
  defaults: { seedHelp: string; staff: string; patients: string },
): Command {
  return cmd
    .option('--seed <n>', defaults.seedHelp, '1')
    .option('--staff <n>', 'number of staff', defaults.staff)
    .option('--patients <n>', 'number of patients', defaults.patients)
    .option('--days <n>', 'days simulated', '7');
}

/** Check the shared sim flags (whole numbers with a floor each; a scenario list) and convert them. */
export function simSize(flags: SimSizeFlags): {
  seed: number;
  staff: number;
  patients: number;
  days: number;
  scenarios: ReturnType<typeof parseScenarioList>;
} {
  return {
    seed: whole('--seed', flags.seed, 0),
    staff: whole('--staff', flags.staff, 12),
    patients: whole('--patients', flags.patients, 50),
    days: whole('--days', flags.days, 1),
    scenarios: parseScenarioList(flags.scenarios),
  };
}

/** A progress bar on stderr in `format`, or none when `show` is off or stderr is not a terminal. */
export function progressBar(show: boolean, format: string): cliProgress.SingleBar | undefined {
  return show && process.stderr.isTTY
    ? new cliProgress.SingleBar({ format, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
}

/** Register the command. */
export function registerEval(program: Command): void {
  simSizeOptions(
    program
      .command('eval')
      .description(
        'Simulate a hospital with injected threats, analyze it, and score the alerts against the ground truth',
      ),
    { seedHelp: 'random seed', staff: '120', patients: '1500' },
  )
    .option('--scenarios <list>', 'all | type[:count],… (see ward sim --help)', 'all:2')
    .option('--json <file>', 'also write the scores as JSON')
    .option('--keep <dir>', 'keep the simulated files in this directory')
    .option('--no-progress', 'no progress display')
    .action(async (flags: EvalFlags) => {
      const phases = ['simulate', 'analyze', 'score'];
      const bar = progressBar(flags.progress, 'eval |{bar}| {phase}');
      bar?.start(phases.length, 0, { phase: 'simulate' });
      try {
        const report = await runEval({
          ...simSize(flags),
          ...(flags.keep !== undefined ? { keep: flags.keep } : {}),
          onPhase: (phase) => bar?.update(phases.indexOf(phase), { phase }),
        });
        bar?.update(phases.length, { phase: 'done' });
        bar?.stop();
        console.log(formatEvalTable(report));
        if (flags.json !== undefined) {
          await mkdir(dirname(flags.json), { recursive: true });
          await writeFile(flags.json, JSON.stringify(report, null, 2) + '\n');
        }
      } finally {
        bar?.stop();
      }
    });
}
