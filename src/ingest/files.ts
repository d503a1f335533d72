/** Expanding the paths a user gives into the files to read. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Files under the given paths: a file stands for itself, a directory for every file below it (recursively,
 * sorted by path, hidden entries skipped). Missing paths are returned in `missing`, not thrown.
 */
export async function expandPaths(paths: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    try {
      const st = await stat(p);
      if (st.isDirectory()) files.push(...(await walk(p)));
      else files.push(p);
    } catch {
      missing.push(p);
    }
  }
  return { files: [...new Set(files)], missing };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}
