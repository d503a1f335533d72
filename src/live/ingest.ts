/**
 * The contract between live inputs (HTTP, syslog, tail, MQTT) and the live pipeline. Inputs frame raw records
 * (lines, messages) and submit them; the pipeline parses with the same parsers as `ward analyze`, drops
 * duplicate deliveries, makes events durable, and only then acknowledges.
 */
import type { Rejection } from '../model/index.js';

/** One delivery of raw records from a live input. */
export interface Delivery {
  /** Stable name of the input, used in source ids and dedupe: e.g. `syslog-udp`, `http`, a tailed file's name. */
  source: string;
  /** Format id (see src/ingest/registry.ts); undefined = sniff each delivery. */
  format?: string;
  /** Raw records, one per element, each as one "line" for the parser (a multi-line document may be one element). */
  records: string[];
  /**
   * Line number of `records[0]` in its source, when the input knows it (a tailed file); later records follow on.
   * Default: the pipeline continues its own durable per-source counter, so `<source>:<line>` ids never repeat.
   */
  firstLine?: number;
  /** Records the input itself refused (an oversized syslog message): stored as dead letters of this source. */
  rejections?: Rejection[];
}

/** What happened to a delivery, once it is durable. */
export interface DeliveryResult {
  /** Events and context records written. */
  accepted: number;
  /** Records whose source id was already stored: a resend, not counted again. */
  duplicates: number;
  /** Records that went to dead letters. */
  rejected: number;
}

/** Thrown by `submit` when the pipeline is over capacity; inputs answer with backpressure (HTTP 503, TCP pause). */
export class BusyError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Ward is busy; retry after ${retryAfterMs} ms`);
    this.name = 'BusyError';
  }
}

/** Live ingest as inputs see it. */
export interface LiveIngest {
  /** Resolves when the delivery is durable (acknowledge then); rejects with BusyError when over capacity. */
  submit(delivery: Delivery): Promise<DeliveryResult>;
}
