/**
 * The bare baseline every benchmark compares Ward with: stream the file, split lines, `JSON.parse` each. It reads
 * 64 KiB at a time, as Ward's own reader does: with 1 MiB reads this loop runs several times slower on long
 * lines (each batch of strings outlives a young-generation scavenge), which would flatter every ratio.
 */
import { createReadStream } from 'node:fs';

/** Parse every line of `path` as JSON; returns the number of records. */
export async function bareJsonParse(path: string): Promise<number> {
  let n = 0;
  let partial = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
    const text = partial + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (nl > start) {
        JSON.parse(text.slice(start, nl));
        n++;
      }
      start = nl + 1;
    }
    partial = text.slice(start);
  }
  if (partial.length > 0) {
    JSON.parse(partial);
    n++;
  }
  return n;
}
