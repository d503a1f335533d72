/** Parser test harness: feed lines to a format parser as the reader would and collect what comes out. */
import { basename } from 'node:path';
import type { ContextRecord, Rejection, WardEvent } from '../../src/model/index.js';
import type { FormatParser, ParseOptions, RecordParser } from '../../src/ingest/parser.js';
import { openLineReader } from '../../src/ingest/reader.js';

/** Everything a parser sent to its sink, in order. */
export interface ParseResult {
  events: WardEvent[];
  context: ContextRecord[];
  rejects: Rejection[];
}

/** How to open a parser for one test input. */
export interface RunOptions {
  /** Source name; default `test`. */
  source?: string;
  /** Per-input options; default none. */
  options?: ParseOptions;
  /** Whether the input broke off; default false. */
  truncated?: boolean;
}

/** Open `parser` on one input whose sink collects into `out`; the test feeds lines and calls `end` itself. */
export function openParser(
  parser: FormatParser,
  { source = 'test', options = {} }: Omit<RunOptions, 'truncated'> = {},
): { out: ParseResult; p: RecordParser } {
  const out: ParseResult = { events: [], context: [], rejects: [] };
  const p = parser.open({
    source,
    options,
    sink: {
      event: (e) => out.events.push(e),
      context: (c) => out.context.push(c),
      reject: (r) => out.rejects.push(r),
    },
  });
  return { out, p };
}

/** Feed `lines` (numbered from 1) to `parser`, end the input, and return what it made. */
export function runParser(
  parser: FormatParser,
  lines: readonly string[],
  opts: RunOptions = {},
): ParseResult {
  const { out, p } = openParser(parser, opts);
  lines.forEach((l, i) => p.line(l, i + 1));
  p.end(opts.truncated ?? false);
  return out;
}

/** Split text as the reader does: on LF, a final empty line dropped, a CR before LF dropped unless `keepCr`. */
export function splitLines(text: string, { keepCr = false }: { keepCr?: boolean } = {}): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return keepCr ? lines : lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Read a file through the real line reader (BOM, LF splitting, line bound) into `parser`, source = base name. */
export async function runParserFile(parser: FormatParser, path: string): Promise<ParseResult> {
  const { out, p } = openParser(parser, { source: basename(path) });
  const reader = await openLineReader(path);
  for (let batch = await reader.next(); batch; batch = await reader.next()) {
    batch.lines.forEach((l, i) => {
      if (l !== null) p.line(l, batch.firstLineNo + i);
    });
  }
  p.end(reader.failure !== undefined);
  return out;
}
