/**
 * The parser contract. Every input is fed to a parser line by line (the reader splits, un-gzips and bounds
 * line length); a parser sniffs, then turns lines into events or context, or rejects them with a reason.
 * Multi-line formats (a pretty-printed FHIR Bundle, ATNA XML, HL7 v2 files) collect lines until a record ends.
 */
import type { ContextRecord, Rejection, WardEvent } from '../model/index.js';
import type { GatewayMapping } from './gateway-mapping.js';

/** Where a parser sends what it made. Called synchronously from `line` and `end`. */
export interface ParseSink {
  event(e: WardEvent): void;
  context(c: ContextRecord): void;
  reject(r: Rejection): void;
}

/** Per-input options a user may give. */
export interface ParseOptions {
  /** Year for timestamps that carry none (RFC 3164 syslog); default: inferred from the file time. */
  year?: number;
  /** Reference time (file modification time, epoch ms) for year inference. */
  referenceTime?: number;
  /** EHR CSV column mapping: Ward field → CSV header name. */
  csvMapping?: Record<string, string>;
  /** Field mappings of remote-access gateways without a built-in mapper (gateway-mapping.ts). */
  gatewayMappings?: readonly GatewayMapping[];
}

/** What a parser is opened with for one input. */
export interface ParseContext {
  /** Source name used in ids and dead letters: the file's base name, or a listener name. */
  source: string;
  sink: ParseSink;
  options: ParseOptions;
}

/** A parser opened on one input; holds per-input state such as a header. */
export interface RecordParser {
  /** One line of input, without its line terminator. `lineNo` counts from 1. */
  line(text: string, lineNo: number): void;
  /** Input ended; flush any record still being collected. `truncated` is set when the input broke off. */
  end(truncated: boolean): void;
}

/** A format: a plain object listed in registry.ts. */
export interface FormatParser {
  /** Stable format id, as given to `--format`. */
  id: string;
  description: string;
  /**
   * How sure this parser is that `sample` (the first lines of the input, up to 64 KiB) is its format: 0 = no,
   * 1 = certain. `name` is the file's base name (a hint only; content decides).
   */
  sniff(sample: string, name: string): number;
  open(ctx: ParseContext): RecordParser;
}
