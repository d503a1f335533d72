/** `ward report`: the patient access report (filled in by the report work). */
import type { Command } from 'commander';

/** Add the command to the program. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- placeholder until the command is filled in
export function registerReport(_program: Command): void {}
