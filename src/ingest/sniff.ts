/** Format auto-detection by content: every parser scores a sample; the most confident wins. */
import type { FormatParser } from './parser.js';
import { FORMATS } from './registry.js';

/** Below this confidence no parser is trusted and the input is rejected as `unknown_format`. */
export const MIN_CONFIDENCE = 0.3;

/** Bytes of text a sample holds at most. */
export const SAMPLE_SIZE = 64 * 1024;

/** Outcome of sniffing one input. */
export interface SniffResult {
  parser: FormatParser | undefined;
  confidence: number;
  /** Every parser's score, best first — shown to the user when nothing fits. */
  scores: { id: string; confidence: number }[];
}

/** Pick the parser for a sample of an input. `name` is a hint only; content decides. */
export function sniff(sample: string, name: string, formats: readonly FormatParser[] = FORMATS): SniffResult {
  const scores = formats.map((f) => {
    let confidence: number;
    try {
      confidence = f.sniff(sample, name);
    } catch {
      // A sniffer that throws on odd input simply does not claim it.
      confidence = 0;
    }
    return { id: f.id, confidence };
  });
  let best = -1;
  scores.forEach((s, i) => {
    if (best === -1 || s.confidence > (scores[best]?.confidence ?? 0)) best = i;
  });
  const top = scores[best];
  const parser = top && top.confidence >= MIN_CONFIDENCE ? formats[best] : undefined;
  return {
    parser,
    confidence: top?.confidence ?? 0,
    scores: [...scores].sort((a, b) => b.confidence - a.confidence),
  };
}

/** Build a sniff sample from the first lines of an input. */
export function sampleOf(lines: readonly (string | null)[]): string {
  let out = '';
  for (const l of lines) {
    if (l === null) continue;
    if (out.length + l.length + 1 > SAMPLE_SIZE) {
      out += l.slice(0, Math.max(0, SAMPLE_SIZE - out.length));
      break;
    }
    out += l + '\n';
  }
  return out;
}
