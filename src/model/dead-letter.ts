/** Dead letters: records that could not be parsed or validated, kept with the reason so nothing is lost. */

/**
 * The fixed list of rejection reasons. A parser picks one; the detail says what exactly was wrong.
 * `skipped_*` reasons are deliberate drops and are counted apart from failures.
 */
export const REJECT_REASONS = [
  'not_json',
  'not_xml',
  'bad_csv',
  'bad_hl7',
  'bad_syslog',
  'bad_cef',
  'bad_zeek',
  'bad_shape',
  'missing_field',
  'bad_time',
  'bad_value',
  'line_too_long',
  'record_too_large',
  'truncated_gzip',
  'io_error',
  'unknown_format',
  'unsupported_type',
  'empty_input',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** What a parser reports for a record it cannot turn into an event. The reader adds source and position. */
export interface Rejection {
  reason: RejectReason;
  /** What was wrong, naming fields and values — never a full PHI record. */
  detail: string;
  /** The raw text of the record (may be cut for huge records; `detail` then says so). */
  raw: string;
  /** Position in the source: `12` (line) or `12-40` (line range). */
  position: string;
}

/** A rejected record as stored. */
export interface DeadLetter extends Rejection {
  source: string;
  format: string;
  /** When Ward rejected it, epoch ms. */
  time: number;
}

/** Longest raw text kept in a dead letter; longer records keep their head and say how long they were. */
export const MAX_DEAD_LETTER_RAW = 1024 * 1024;

/** Cut a raw record to what a dead letter keeps. */
export function clipRaw(raw: string): string {
  return raw.length <= MAX_DEAD_LETTER_RAW ? raw : raw.slice(0, MAX_DEAD_LETTER_RAW);
}
