/**
 * PDF by printing the report's HTML page (html.ts) in headless Chromium, so the PDF is exactly the printable page
 * and Ward carries no PDF library. The browser is looked for at one path (Debian's `/usr/bin/chromium` by
 * default); when it is missing the error names it. The browser runs in its own process group with a temporary
 * profile and is killed with its helpers when it takes longer than the timeout.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Debian (and the CI image) installs Chromium. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Options of {@link printPdf}. */
export interface PdfOptions {
  /** Browser executable; default {@link DEFAULT_CHROMIUM}. */
  chromium?: string;
  /** Give up after this long, ms; default 60 s. */
  timeoutMs?: number;
}

/** Whether the browser executable is there and runnable. */
export async function hasChromium(path = DEFAULT_CHROMIUM): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      // Keep the tail only: Chromium is chatty and only the last lines explain a failure.
      stderr = (stderr + d).slice(-4000);
    });
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      fail(new Error(`${cmd} did not finish printing the PDF within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(new Error(`could not start ${cmd}: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stderr });
    });
  });
}

/** Print an HTML document to a PDF file at `out` with headless Chromium. */
export async function printPdf(html: string, out: string, options: PdfOptions = {}): Promise<void> {
  const chromium = options.chromium ?? DEFAULT_CHROMIUM;
  if (!(await hasChromium(chromium))) {
    throw new Error(
      `PDF output needs Chromium at ${chromium}, which is not there (Debian: apt-get install chromium); ` +
        'or write --format html and print it from a browser',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'ward-pdf-'));
  try {
    const page = join(dir, 'report.html');
    await writeFile(page, html, 'utf8');
    // Print into the temporary folder and copy when it worked, so a failed run leaves no half file at `out`.
    const printed = join(dir, 'report.pdf');
    const { code, stderr } = await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
        `--user-data-dir=${join(dir, 'profile')}`,
        // The page prints its own header; drop the browser's date/URL header and footer.
        '--no-pdf-header-footer',
        `--print-to-pdf=${printed}`,
        pathToFileURL(page).href,
      ],
      options.timeoutMs ?? 60_000,
    );
    const head = await readFile(printed).then(
      (b) => b.subarray(0, 5).toString('latin1'),
      () => '',
    );
    if (code !== 0 || head !== '%PDF-') {
      const last = stderr.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`${chromium} did not print the PDF (exit ${String(code)}): ${last}`);
    }
    await copyFile(printed, resolve(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
