import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reportHtml } from './html.js';
import { DEFAULT_CHROMIUM, printPdf } from './pdf.js';

const dir = await mkdtemp(join(tmpdir(), 'ward-pdf-test-'));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const html = reportHtml({
  patient: 'Patient/p-1',
  patientName: 'Pat Ng',
  generatedAt: '2026-04-02T08:00:00.000Z',
  generatedBy: 'po-1',
  summary: { accesses: 1, explained: 0, users: 1, flagged: 0 },
  rows: [
    {
      time: '2026-03-02T10:00:00.000Z',
      accessId: 'ae-1',
      source: 'audit.ndjson',
      user: 'Practitioner/ana',
      explained: false,
      alerts: [],
      risk: 0,
    },
  ],
});

describe('PDF', () => {
  it('names the missing browser', async () => {
    const out = join(dir, 'none.pdf');
    await expect(printPdf(html, out, { chromium: join(dir, 'no-chromium') })).rejects.toThrow(
      /PDF output needs Chromium at .*no-chromium/,
    );
    expect(existsSync(out)).toBe(false);
  });

  // Locally a machine without Chromium skips; CI installs it (.ci/run), so there a missing browser must fail.
  const canRun = existsSync(DEFAULT_CHROMIUM) || process.env.CI === 'true';
  it.skipIf(!canRun)('prints the HTML page to a PDF with Chromium', { timeout: 90_000 }, async () => {
    const out = join(dir, 'report.pdf');
    await printPdf(html, out, { timeoutMs: 80_000 });
    const pdf = await readFile(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await stat(out)).size).toBeGreaterThan(1000);
  });
});
