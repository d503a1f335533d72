/** `ward sim --seed N --staff N --patients N --days N --out dir [--scenarios list]`: write a simulated hospital. */
import type { Command } from 'commander';
import { SCENARIOS, writeSimulation } from '../sim/index.js';
import type { SimSizeFlags } from './eval.js';
import { progressBar, registerEval, simSize, simSizeOptions } from './eval.js';

interface SimFlags extends SimSizeFlags {
  out: string;
  progress: boolean;
}

/** Register `ward sim` and `ward eval` (one call for main.ts). */
export function registerSimAndEval(program: Command): void {
  registerSim(program);
  registerEval(program);
}

/** Register the command. */
export function registerSim(program: Command): void {
  simSizeOptions(
    program
      .command('sim')
      .description(
        'Write a simulated hospital (FHIR, HL7 v2, Windows, syslog, Zeek, telemetry) with injected threats and truth.jsonl',
      ),
    { seedHelp: 'random seed (same seed, same files)', staff: '200', patients: '2000' },
  )
    .requiredOption('--out <dir>', 'output directory (context/, logs/, truth.jsonl)')
    .option(
      '--scenarios <list>',
      `all | none | type[:count],… of: ${SCENARIOS.map((s) => s.type).join(', ')}`,
      'all',
    )
    .option('--no-progress', 'no progress bar')
    .action(async (flags: SimFlags) => {
      const opts = simSize(flags);
      const bar = progressBar(flags.progress, 'sim |{bar}| {value}/{total} files | {what}');
      let started = false;
      try {
        const res = await writeSimulation(opts, flags.out, (done, total, what) => {
          if (!bar) return;
          if (!started) {
            bar.start(total, 0, { what });
            started = true;
          }
          bar.update(done, { what });
        });
        bar?.stop();
        const width = Math.max(...res.files.map((f) => f.path.length));
        console.error(
          `Wrote ${res.records.toLocaleString('en-US')} log records and ${res.truth.length} scenario instances to ${flags.out}:`,
        );
        for (const f of res.files)
          console.error(`  ${f.path.padEnd(width)}  ${f.records.toLocaleString('en-US').padStart(10)}`);
        console.error(`  truth.jsonl`);
      } finally {
        bar?.stop();
      }
    });
}
