/**
 * MQTT input: subscribes to topics on a broker and submits each message as one `device-telemetry` record with
 * its topic (added to the JSON object as `topic`, so the parser puts it in attrs). Messages are handled one at a
 * time and acknowledged to the broker (QoS 1/2) only once the pipeline has made them durable; while the
 * pipeline is busy the client stops reading, so the broker holds the backlog instead of Ward's memory.
 */
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { BusyError, type Delivery, type LiveIngest } from './ingest.js';

/** Options of {@link MqttInput}. */
export interface MqttInputOptions {
  /** Broker URL, e.g. `mqtt://broker.local:1883` or `mqtts://…`. */
  url: string;
  /** Topic filters to subscribe to (`+` and `#` wildcards allowed). */
  topics: string[];
  /** Source name in ids and dead letters; default `mqtt`. */
  source?: string;
  /** Format of the payloads; default `device-telemetry`. */
  format?: string;
  /** Subscription QoS; default 1 (at least once: a message unacknowledged at a crash is sent again). */
  qos?: 0 | 1 | 2;
  clientId?: string;
  username?: string;
  password?: string;
  /** Longest payload read, bytes; longer ones become dead letters. Default 256 KiB. */
  maxMessageBytes?: number;
}

/** Counters of an MQTT input. */
export interface MqttStats {
  messages: number;
  oversized: number;
  /** Messages whose delivery failed for a reason other than being busy. */
  failed: number;
}

/** Put the topic into a JSON object payload as `topic`, unless it has one; other payloads pass unchanged. */
export function withTopic(payload: string, topic: string): string {
  const s = payload.trim();
  if (!s.startsWith('{') || /^\{\s*"topic"\s*:/.test(s)) return s;
  const rest = s.slice(1).trimStart();
  return `{"topic":${JSON.stringify(topic)}${rest.startsWith('}') ? '' : ','}${rest}`;
}

/** An MQTT subscription feeding a {@link LiveIngest}. */
export class MqttInput {
  readonly stats: MqttStats = { messages: 0, oversized: 0, failed: 0 };
  private client: MqttClient | undefined;
  private stopping = false;

  constructor(
    private readonly ingest: LiveIngest,
    private readonly o: MqttInputOptions,
  ) {}

  async start(): Promise<void> {
    const opts: IClientOptions = { reconnectPeriod: 1000, connectTimeout: 10_000 };
    if (this.o.clientId !== undefined) {
      // A fixed client id with a persistent session lets the broker keep messages while Ward restarts.
      opts.clientId = this.o.clientId;
      opts.clean = false;
    }
    if (this.o.username !== undefined) opts.username = this.o.username;
    if (this.o.password !== undefined) opts.password = this.o.password;
    const client = await connectAsync(this.o.url, opts);
    // Called for each publish, one at a time; the broker gets its acknowledgement when `done` is called.
    client.handleMessage = (packet, done) => {
      const topic = packet.topic;
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      this.handle(topic, payload).then(
        () => done(),
        () => done(),
      );
    };
    await client.subscribeAsync(this.o.topics, { qos: this.o.qos ?? 1 });
    this.client = client;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.client;
    this.client = undefined;
    if (c) await c.endAsync();
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    this.stats.messages++;
    const source = this.o.source ?? 'mqtt';
    const format = this.o.format ?? 'device-telemetry';
    const max = this.o.maxMessageBytes ?? 256 * 1024;
    let d: Delivery;
    if (payload.length > max) {
      this.stats.oversized++;
      d = {
        source,
        format,
        records: [],
        rejections: [
          {
            reason: 'record_too_large',
            detail: `MQTT message on ${topic} is ${payload.length} bytes, over the ${max} byte limit; its head is kept`,
            raw: payload.subarray(0, 1024).toString('utf8'),
            position: '',
          },
        ],
      };
    } else {
      d = { source, format, records: [withTopic(payload.toString('utf8'), topic)] };
    }
    for (;;) {
      try {
        await this.ingest.submit(d);
        return;
      } catch (err) {
        if (!(err instanceof BusyError) || this.stopping) {
          this.stats.failed++;
          return;
        }
        await new Promise((res) => setTimeout(res, err.retryAfterMs));
      }
    }
  }
}
