import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openLineReader } from './reader.js';

async function tmp(name: string, data: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ward-reader-'));
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

async function readAll(path: string, maxLine?: number) {
  const r = await openLineReader(path, maxLine);
  const lines: { no: number; text: string | null }[] = [];
  for (let b = await r.next(); b !== null; b = await r.next()) {
    b.lines.forEach((t, i) => lines.push({ no: b.firstLineNo + i, text: t }));
  }
  return { r, lines };
}

describe('LineReader', () => {
  it('splits LF and CRLF lines, drops a BOM, keeps a last line without newline', async () => {
    const { lines } = await readAll(await tmp('a.log', '\uFEFFone\r\ntwo\nthree'));
    expect(lines).toEqual([
      { no: 1, text: 'one' },
      { no: 2, text: 'two' },
      { no: 3, text: 'three' },
    ]);
  });

  it('reads gzip transparently by magic bytes, whatever the name', async () => {
    const { r, lines } = await readAll(await tmp('plain-name.log', gzipSync('a\nb\n')));
    expect(r.gzip).toBe(true);
    expect(lines.map((l) => l.text)).toEqual(['a', 'b']);
    expect(r.failure).toBeUndefined();
  });

  it('reports a truncated gzip after delivering the lines before the break', async () => {
    const full = gzipSync(Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n'));
    const { r, lines } = await readAll(await tmp('cut.gz', full.subarray(0, Math.floor(full.length / 2))));
    expect(r.failure?.reason).toBe('truncated_gzip');
    expect(r.failure?.detail).toMatch(/broke off/);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((l, i) => l.no === i + 1)).toBe(true);
  });

  it('turns a 10 MB single line into one overlong record without holding it whole', async () => {
    const big = 'y'.repeat(10 * 1024 * 1024);
    const { r, lines } = await readAll(await tmp('big.log', `before\n${big}\nafter\n`), 1024 * 1024);
    expect(lines.map((l) => l.text)).toEqual(['before', null, 'after']);
    expect(r.overlong).toHaveLength(1);
    expect(r.overlong[0]).toMatchObject({ lineNo: 2, length: big.length });
    expect(r.overlong[0]!.head.length).toBeLessThanOrEqual(1024 * 1024);
  });

  it('handles multi-byte characters split across chunks', async () => {
    const text = ('é😀'.repeat(300_000) + '\n').repeat(2);
    const { lines } = await readAll(await tmp('utf8.log', text));
    expect(lines).toHaveLength(2);
    expect(lines[0]!.text).toBe('é😀'.repeat(300_000));
  });
});
