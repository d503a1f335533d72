/** `ward` command line: one entry point, one file per command. Only cli/ reads argv and env. */
import { Command, CommanderError } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerCases } from './cases.js';
import { registerReport } from './report.js';
import { registerSimAndEval } from './sim.js';
import { registerSim2 } from './sim2.js';
import { registerStart } from './start.js';
import { registerToken } from './token.js';

/** Build the command tree (exported for tests). */
export function buildCli(): Command {
  const program = new Command('ward')
    .description('Ward: security monitoring and response for hospitals')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerAnalyze(program);
  registerCases(program);
  registerReport(program);
  registerSimAndEval(program);
  registerSim2(program);
  registerStart(program);
  registerToken(program);
  return program;
}

/** Run the CLI with `argv` (as process.argv); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`ward: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
