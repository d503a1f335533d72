/** Tests that run Ward as a child process use the build in dist/ (made by `npm ci`'s prepare); rebuild if stale. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Project root. */
export const ROOT = resolve(import.meta.dirname, '../..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (ent.name.endsWith('.ts') && !ent.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Build dist/ when `file` (relative to the root) is missing or older than a source file. */
export function ensureBuilt(file: string): string {
  const target = join(ROOT, file);
  if (existsSync(target) && statSync(target).mtimeMs >= newestSource(join(ROOT, 'src'))) return target;
  // tsc emits even when another file has a type error; what matters is that the target exists afterwards.
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  if (!existsSync(target)) throw new Error(`build did not produce ${target}`);
  return target;
}
