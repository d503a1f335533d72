/**
 * Syslog listener on UDP and TCP. UDP: one message per datagram (RFC 5426). TCP: newline-delimited or RFC 6587
 * octet-counted framing (`<length> <message>`), told apart per connection by its first byte (a digit starts an
 * octet count; a PRI starts with `<`). Each message is sniffed among syslog, CEF and ATNA (DICOM audit XML in
 * a syslog message) and submitted to the live pipeline.
 *
 * Limits: a message over `maxMessageBytes` becomes a dead letter (its head is kept) and the connection goes on;
 * a TCP client silent for `idleTimeoutMs` is disconnected; while a delivery is pending the socket is paused, and
 * on BusyError it stays paused until the pipeline has room (TCP backpressure). UDP cannot push back: datagrams
 * refused as busy are counted in `stats.dropped`.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { Rejection } from '../model/index.js';
import type { FormatParser } from '../ingest/parser.js';
import { formatById } from '../ingest/registry.js';
import { sniff } from '../ingest/sniff.js';
import { BusyError, type Delivery, type LiveIngest } from './ingest.js';

/** Options of {@link SyslogServer}. */
export interface SyslogServerOptions {
  /** Address to bind; default `0.0.0.0`. */
  host?: string;
  /** UDP port; 0 = any free port; undefined = no UDP listener. */
  udpPort?: number;
  /** TCP port; 0 = any free port; undefined = no TCP listener. */
  tcpPort?: number;
  /** Longest message kept, in bytes; default 64 KiB. */
  maxMessageBytes?: number;
  /** Disconnect a TCP client silent this long; default 60 s. */
  idleTimeoutMs?: number;
  /** Source names used in ids; default `syslog-udp` and `syslog-tcp`. */
  udpSource?: string;
  tcpSource?: string;
}

/** Counters of a syslog server. */
export interface SyslogStats {
  messages: number;
  oversized: number;
  /** UDP datagrams refused because the pipeline was busy or failed. */
  dropped: number;
  connections: number;
}

const HEAD_KEPT = 1024;

/** Formats a syslog message may carry, most specific first. */
function payloadFormats(): FormatParser[] {
  return ['atna', 'cef', 'syslog'].map((id) => formatById(id)).filter((f) => f !== undefined);
}

/** Syslog over UDP and TCP into a {@link LiveIngest}. */
export class SyslogServer {
  readonly stats: SyslogStats = { messages: 0, oversized: 0, dropped: 0, connections: 0 };
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly formats = payloadFormats();
  private readonly max: number;

  constructor(
    private readonly ingest: LiveIngest,
    private readonly o: SyslogServerOptions = {},
  ) {
    this.max = o.maxMessageBytes ?? 64 * 1024;
  }

  /** Bound UDP port, once started. */
  get udpPort(): number | undefined {
    return this.udp?.address().port;
  }

  /** Bound TCP port, once started. */
  get tcpPort(): number | undefined {
    const a = this.tcp?.address();
    return typeof a === 'object' && a !== null ? a.port : undefined;
  }

  async start(): Promise<void> {
    const host = this.o.host ?? '0.0.0.0';
    if (this.o.udpPort !== undefined) {
      const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      udp.on('message', (msg) => this.datagram(msg));
      udp.on('error', () => undefined);
      await new Promise<void>((res, rej) => {
        udp.once('error', rej);
        udp.bind(this.o.udpPort, host, () => res());
      });
      this.udp = udp;
    }
    if (this.o.tcpPort !== undefined) {
      const tcp = createServer((s) => this.connection(s));
      await new Promise<void>((res, rej) => {
        tcp.once('error', rej);
        tcp.listen(this.o.tcpPort, host, () => res());
      });
      this.tcp = tcp;
    }
  }

  async stop(): Promise<void> {
    this.udp?.close();
    this.udp = undefined;
    for (const s of this.sockets) s.destroy();
    const tcp = this.tcp;
    this.tcp = undefined;
    if (tcp) await new Promise<void>((res) => tcp.close(() => res()));
  }

  private datagram(msg: Buffer): void {
    const source = this.o.udpSource ?? 'syslog-udp';
    const deliveries =
      msg.length > this.max
        ? [this.oversized(source, msg.subarray(0, HEAD_KEPT), msg.length)]
        : this.group(source, [trimEnd(msg.toString('utf8'))]);
    for (const d of deliveries) {
      this.ingest.submit(d).catch(() => {
        this.stats.dropped += d.records.length;
      });
    }
  }

  private connection(sock: Socket): void {
    this.stats.connections++;
    this.sockets.add(sock);
    const source = this.o.tcpSource ?? 'syslog-tcp';
    sock.setTimeout(this.o.idleTimeoutMs ?? 60_000, () => sock.destroy());
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => undefined);
    const framer = new Framer(this.max);
    sock.on('data', (chunk: Buffer) => {
      const { messages, oversized } = framer.push(chunk);
      const ds = this.group(source, messages);
      for (const o of oversized) ds.push(this.oversized(source, o.head, o.length));
      if (ds.length === 0) return;
      sock.pause();
      void this.deliver(ds).finally(() => {
        if (!sock.destroyed) sock.resume();
      });
    });
    sock.on('end', () => {
      const rest = framer.end();
      if (rest.length > 0) void this.deliver(this.group(source, rest));
    });
  }

  /** Submit in order; on BusyError wait as told and retry, keeping the socket paused meanwhile. */
  private async deliver(ds: Delivery[]): Promise<void> {
    for (const d of ds) {
      for (;;) {
        try {
          await this.ingest.submit(d);
          break;
        } catch (err) {
          if (!(err instanceof BusyError)) break;
          await new Promise((res) => setTimeout(res, err.retryAfterMs));
        }
      }
    }
  }

  /** Messages as deliveries, consecutive messages of one payload format together. */
  private group(source: string, messages: string[]): Delivery[] {
    const out: Delivery[] = [];
    let cur: Delivery | undefined;
    for (const m of messages) {
      if (m.trim() === '') continue;
      this.stats.messages++;
      const format = sniff(m, source, this.formats).parser?.id ?? 'syslog';
      if (cur === undefined || cur.format !== format) out.push((cur = { source, format, records: [] }));
      cur.records.push(m);
    }
    return out;
  }

  private oversized(source: string, head: Buffer, length: number): Delivery {
    this.stats.oversized++;
    const r: Rejection = {
      reason: 'record_too_large',
      detail: `syslog message of ${length} bytes is over the ${this.max} byte limit; its head is kept`,
      raw: head.toString('utf8'),
      position: '',
    };
    return { source, format: 'syslog', records: [], rejections: [r] };
  }
}

function trimEnd(s: string): string {
  let end = s.length;
  while (
    end > 0 &&
    (s.charCodeAt(end - 1) === 10 || s.charCodeAt(end - 1) === 13 || s.charCodeAt(end - 1) === 0)
  )
    end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Splits a TCP byte stream into messages: octet-counted or newline-delimited, chosen by the first byte. */
export class Framer {
  private buf: Buffer = Buffer.alloc(0);
  private mode: 'octet' | 'line' | undefined;
  /** Bytes of an oversized message still to skip, and what was kept of it. */
  private skip = 0;
  private discarding: { head: Buffer; length: number } | undefined;

  constructor(private readonly max: number) {}

  push(chunk: Buffer): { messages: string[]; oversized: { head: Buffer; length: number }[] } {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const messages: string[] = [];
    const oversized: { head: Buffer; length: number }[] = [];
    if (this.mode === undefined && this.buf.length > 0) {
      const c = this.buf[0]!;
      this.mode = c >= 0x30 && c <= 0x39 ? 'octet' : 'line';
    }
    if (this.mode === 'octet') this.octets(messages, oversized);
    else this.lines(messages, oversized);
    return { messages, oversized };
  }

  /** Input ended: a last newline-less message still counts. */
  end(): string[] {
    if (this.mode !== 'line' || this.buf.length === 0 || this.discarding) return [];
    const m = trimEnd(this.buf.toString('utf8'));
    this.buf = Buffer.alloc(0);
    return [m];
  }

  private octets(messages: string[], oversized: { head: Buffer; length: number }[]): void {
    let pos = 0;
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buf.length - pos);
        this.skip -= n;
        pos += n;
        if (this.skip > 0) break;
      }
      const sp = this.buf.indexOf(0x20, pos);
      if (sp < 0) {
        // A length field longer than 10 digits is not a length: treat the rest as one bad message.
        if (this.buf.length - pos > 10) {
          oversized.push({ head: this.buf.subarray(pos, pos + 1024), length: this.buf.length - pos });
          pos = this.buf.length;
        }
        break;
      }
      const len = Number(this.buf.toString('latin1', pos, sp));
      if (!Number.isInteger(len) || len < 0 || sp - pos > 10) {
        // Lost framing: fall back to newline framing for the rest of the connection.
        this.mode = 'line';
        this.buf = this.buf.subarray(pos);
        this.lines(messages, oversized);
        return;
      }
      if (len > this.max) {
        const have = Math.min(len, this.buf.length - sp - 1);
        oversized.push({ head: this.buf.subarray(sp + 1, sp + 1 + Math.min(have, 1024)), length: len });
        this.skip = len - have;
        pos = sp + 1 + have;
        continue;
      }
      if (this.buf.length - sp - 1 < len) break;
      messages.push(trimEnd(this.buf.toString('utf8', sp + 1, sp + 1 + len)));
      pos = sp + 1 + len;
    }
    this.buf = this.buf.subarray(pos);
  }

  private lines(messages: string[], oversized: { head: Buffer; length: number }[]): void {
    let pos = 0;
    for (;;) {
      const nl = this.buf.indexOf(0x0a, pos);
      if (nl < 0) break;
      if (this.discarding) {
        this.discarding.length += nl - pos;
        oversized.push(this.discarding);
        this.discarding = undefined;
      } else if (nl - pos > this.max) {
        oversized.push({ head: this.buf.subarray(pos, pos + 1024), length: nl - pos });
      } else {
        messages.push(trimEnd(this.buf.toString('utf8', pos, nl)));
      }
      pos = nl + 1;
    }
    const rest = this.buf.length - pos;
    if (this.discarding) {
      this.discarding.length += rest;
      this.buf = Buffer.alloc(0);
    } else if (rest > this.max) {
      // No newline within the limit: keep the head, drop the rest of this message as it arrives.
      this.discarding = { head: Buffer.from(this.buf.subarray(pos, pos + 1024)), length: rest };
      this.buf = Buffer.alloc(0);
    } else {
      this.buf = this.buf.subarray(pos);
    }
  }
}
