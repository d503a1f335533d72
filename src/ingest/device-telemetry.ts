/**
 * Device telemetry as JSON, one object per line or per MQTT message: what medical and building devices report
 * about themselves (vitals counters, alarms, connections, bytes sent). There is no single standard; this reads
 * the common flat shape:
 *
 * `{"deviceId":"pump-17","ts":"2026-03-04T10:00:00Z","type":"heartbeat","metrics":{"battery":81},
 *   "srcIp":"10.20.3.41","dstIp":"10.20.0.5","dstPort":2575,"bytesOut":512,"topic":"ward/icu/pump-17"}`
 *
 * Mapped: `deviceId`|`device` → device; `ts`|`time`|`timestamp` (ISO text, epoch ms, or epoch s) → time;
 * `type`|`event` → action; `srcIp`, `srcPort`, `dstIp`, `dstPort`, `protocol`, `bytesIn`, `bytesOut`, `host`,
 * `user`, `outcome`, `message`; scalar `metrics` entries → attrs `metric.<name>`; `topic` (set by the MQTT
 * input) → attrs.topic. Id: `id` or `msgId`, else `<source>:<line>`.
 */
import type { Outcome, WardEvent } from '../model/index.js';
import type { FormatParser, ParseContext, RecordParser } from './parser.js';
import { parseIsoTime } from './time.js';

/** Longest telemetry message read, in characters; device messages are small. */
export const MAX_TELEMETRY_LINE = 1024 * 1024;

const DEVICE_KEYS = ['deviceId', 'device', 'device_id'] as const;
const TIME_KEYS = ['ts', 'time', 'timestamp'] as const;
const STRING_FIELDS = ['srcIp', 'dstIp', 'protocol', 'host', 'user', 'message'] as const;
const NUMBER_FIELDS = ['srcPort', 'dstPort', 'bytesIn', 'bytesOut'] as const;
const OUTCOMES = new Set<string>(['success', 'failure', 'unknown']);

type Json = Record<string, unknown>;

/** Epoch ms from ISO text, epoch ms or epoch seconds (numbers below 1e11 are seconds). */
function timeOf(v: unknown): number | undefined {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v <= 0) return undefined;
    return v < 1e11 ? Math.round(v * 1000) : Math.round(v);
  }
  if (typeof v !== 'string') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return timeOf(Number(v));
  return parseIsoTime(v);
}

function firstKey(o: Json, keys: readonly string[]): [string, unknown] | undefined {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return [k, o[k]];
  return undefined;
}

class TelemetryReader implements RecordParser {
  constructor(private readonly ctx: ParseContext) {}

  line(text: string, lineNo: number): void {
    const position = String(lineNo);
    if (text.trim() === '') return;
    if (text.length > MAX_TELEMETRY_LINE) {
      this.reject(
        'line_too_long',
        `message is ${text.length} characters, over ${MAX_TELEMETRY_LINE}`,
        text,
        position,
      );
      return;
    }
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (err) {
      this.reject(
        'not_json',
        `not JSON: ${err instanceof Error ? err.message : 'parse error'}`,
        text,
        position,
      );
      return;
    }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) {
      this.reject('bad_shape', 'telemetry must be a JSON object', text, position);
      return;
    }
    const rec = o as Json;
    const dev = firstKey(rec, DEVICE_KEYS);
    if (dev === undefined || (typeof dev[1] !== 'string' && typeof dev[1] !== 'number') || dev[1] === '') {
      this.reject('missing_field', 'no deviceId (or device) field', text, position);
      return;
    }
    const t = firstKey(rec, TIME_KEYS);
    const time = timeOf(t?.[1]);
    if (time === undefined) {
      const what =
        t === undefined
          ? 'no ts, time or timestamp field'
          : `${t[0]} ${JSON.stringify(t[1]).slice(0, 40)} is not a time`;
      this.reject('bad_time', what, text, position);
      return;
    }
    const idv = rec.id ?? rec.msgId;
    const id =
      typeof idv === 'string' && idv !== ''
        ? idv
        : typeof idv === 'number'
          ? String(idv)
          : `${this.ctx.source}:${lineNo}`;
    const outcome =
      typeof rec.outcome === 'string' && OUTCOMES.has(rec.outcome) ? (rec.outcome as Outcome) : 'unknown';
    const e: WardEvent = {
      id,
      source: this.ctx.source,
      format: 'device-telemetry',
      class: 'device_telemetry',
      time,
      device: String(dev[1]),
      outcome,
      raw: `${this.ctx.source}:${lineNo}`,
    };
    const type = rec.type ?? rec.event;
    if (typeof type === 'string' && type !== '') e.action = type;
    for (const k of STRING_FIELDS) {
      const v = rec[k];
      if (typeof v === 'string' && v !== '') e[k] = v;
    }
    for (const k of NUMBER_FIELDS) {
      const v = rec[k];
      const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
      if (Number.isFinite(n)) e[k] = n;
    }
    let attrs: Record<string, string> | undefined;
    if (typeof rec.topic === 'string') (attrs ??= {}).topic = rec.topic;
    const m = rec.metrics;
    if (m !== null && typeof m === 'object' && !Array.isArray(m)) {
      for (const [k, v] of Object.entries(m as Json)) {
        if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') {
          (attrs ??= {})[`metric.${k}`] = String(v);
        }
      }
    }
    if (attrs !== undefined) e.attrs = attrs;
    this.ctx.sink.event(e);
  }

  end(): void {
    // One message per line: nothing is collected across lines.
  }

  private reject(
    reason: 'not_json' | 'bad_shape' | 'missing_field' | 'bad_time' | 'line_too_long',
    detail: string,
    raw: string,
    position: string,
  ): void {
    this.ctx.sink.reject({ reason, detail, raw: raw.length > 4096 ? raw.slice(0, 4096) : raw, position });
  }
}

/** JSON device telemetry (see the module comment for the shape). */
export const deviceTelemetryParser: FormatParser = {
  id: 'device-telemetry',
  description: 'JSON device telemetry, one object per line or MQTT message (deviceId, ts, type, metrics …)',
  sniff(sample: string): number {
    let seen = 0;
    let ok = 0;
    for (const line of sample.split('\n', 21).slice(0, 20)) {
      const s = line.trim();
      if (s === '') continue;
      seen++;
      if (s.startsWith('{') && /"(deviceId|device_id)"\s*:/.test(s) && /"(ts|time|timestamp)"\s*:/.test(s))
        ok++;
    }
    return seen === 0 ? 0 : (ok / seen) * 0.9;
  },
  open(ctx: ParseContext): RecordParser {
    return new TelemetryReader(ctx);
  },
};
