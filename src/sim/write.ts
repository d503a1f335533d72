/** Writing a simulation to disk: `context/`, `logs/` (one file per format) and `truth.jsonl`. */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { zeekHeader } from './formats/zeek.js';
import { LOG_FILES, type LogFile } from './record.js';
import type { TruthRecord } from './scenario.js';
import { assignIds, contextFiles, renderRecord, simulate, truthOf, type SimOptions } from './simulate.js';

/** What `writeSimulation` wrote. */
export interface WrittenSimulation {
  files: { path: string; records: number }[];
  truth: TruthRecord[];
  records: number;
}

/** Write lines to a file with backpressure. */
async function writeLines(path: string, lines: Iterable<string>, sep = '\n'): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  let n = 0;
  let chunk: string[] = [];
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    if (!out.write(chunk.join(sep) + sep)) await once(out, 'drain');
    chunk = [];
  };
  for (const l of lines) {
    chunk.push(l);
    n++;
    if (chunk.length >= 2000) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return n;
}

/** Simulate and write `context/`, `logs/` and `truth.jsonl` under `dir`. */
export async function writeSimulation(
  opt: SimOptions,
  dir: string,
  onProgress?: (done: number, total: number, what: string) => void,
): Promise<WrittenSimulation> {
  const sim = simulate(opt);
  const byFile = assignIds(sim);
  const ctxFiles = contextFiles(sim);
  const total = ctxFiles.size + byFile.size + 1;
  let done = 0;
  const files: WrittenSimulation['files'] = [];
  for (const [name, lines] of ctxFiles) {
    onProgress?.(done, total, name);
    files.push({ path: `context/${name}`, records: await writeLines(join(dir, 'context', name), lines) });
    done++;
  }
  const patients = new Map(sim.world.patients.map((p) => [p.id, p]));
  for (const file of Object.keys(LOG_FILES) as LogFile[]) {
    const list = byFile.get(file) ?? [];
    const rel = LOG_FILES[file];
    onProgress?.(done, total, rel);
    const lines = (function* () {
      if (file === 'zeek') yield* zeekHeader(list[0]?.time ?? sim.world.start);
      for (const r of list) yield renderRecord(r, r.time, patients);
      if (file === 'zeek')
        yield `#close\t${new Date(list.at(-1)?.time ?? sim.world.start).toISOString().replace('T', '-').replace(/:/g, '-').slice(0, 19)}`;
    })();
    await writeLines(join(dir, rel), lines);
    files.push({ path: rel, records: list.length });
    done++;
  }
  const truth = truthOf(sim);
  await writeLines(
    join(dir, 'truth.jsonl'),
    truth.map((t) => JSON.stringify(t)),
  );
  onProgress?.(total, total, 'truth.jsonl');
  return { files, truth, records: sim.records.records.length };
}
