/** `ward cases`: list privacy cases and record decisions (filled in by the cases work). */
import type { Command } from 'commander';

/** Add the command to the program. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- placeholder until the command is filled in
export function registerCases(_program: Command): void {}
