/** The conformance suite every parser passes: no throw on garbage, rejections carry reasons and raw text. */
import { describe, expect, it } from 'vitest';
import { REJECT_REASONS } from '../model/index.js';
import { runParser } from '../../test/support/parse.js';
import { FORMATS } from './registry.js';

function run(parserId: string, lines: string[], truncated = false) {
  const parser = FORMATS.find((f) => f.id === parserId)!;
  return runParser(parser, lines, { source: 'conformance.txt', options: { year: 2026 }, truncated });
}

const GARBAGE = [
  '\u0000\u0001\u0002 binary junk \uFFFD\uFFFD',
  '{"not": "closed"',
  '<xml><unclosed>',
  'MSH|bad',
  'CEF:0|only|three',
  '#fields\tts',
  ',,,,,,',
  '🙂'.repeat(1000),
  '{"resourceType":"AuditEvent"}',
  '{"System":{"EventID":"x"}}',
  'a'.repeat(100_000),
];

describe.each(FORMATS.map((f) => f.id))('parser %s', (id) => {
  it('never throws on garbage, and every line of it is accounted for', () => {
    const r = run(id, GARBAGE, true);
    for (const rej of r.rejects) {
      expect(REJECT_REASONS).toContain(rej.reason);
      expect(rej.detail.length).toBeGreaterThan(0);
      expect(typeof rej.raw).toBe('string');
      expect(rej.position).toMatch(/^\d+(-\d+)?$/);
    }
    // Garbage must not come out as events or context without being noticed: something must be rejected.
    expect(r.rejects.length).toBeGreaterThan(0);
  });

  it('handles empty input and a truncated end without throwing', () => {
    expect(() => run(id, [], true)).not.toThrow();
    expect(() => run(id, ['', '   ', ''], false)).not.toThrow();
  });

  it('sniffs garbage as not its own format', () => {
    const parser = FORMATS.find((f) => f.id === id)!;
    expect(
      parser.sniff('\u0000\u0001 random bytes, nothing to see\nmore junk here\n', 'junk.bin'),
    ).toBeLessThan(0.3);
  });

  it('keeps every event id non-empty and every time a finite epoch ms', () => {
    const r = run(id, GARBAGE);
    for (const e of r.events) {
      expect(e.id.length).toBeGreaterThan(0);
      expect(Number.isFinite(e.time)).toBe(true);
    }
  });
});
