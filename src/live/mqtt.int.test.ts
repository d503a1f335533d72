import { createServer, type AddressInfo, type Server } from 'node:net';
import { Aedes } from 'aedes';
import { connectAsync } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { LivePipeline } from './live-pipeline.js';
import { MqttInput, withTopic } from './mqtt.js';

async function until(what: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('MQTT input', () => {
  let broker: Aedes;
  let server: Server;
  let url: string;
  let store: Store;
  let live: LivePipeline;
  beforeEach(async () => {
    broker = await Aedes.createBroker();
    server = createServer(broker.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = await openStore(':memory:');
    live = new LivePipeline({ store });
    await live.start();
  });
  afterEach(async () => {
    await live.stop();
    await store.close();
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('stores device telemetry from subscribed topics with the topic, and dead-letters bad payloads', async () => {
    const input = new MqttInput(live, { url, topics: ['hospital/+/telemetry'], maxMessageBytes: 2048 });
    await input.start();
    const pub = await connectAsync(url);
    await pub.publishAsync(
      'hospital/icu/telemetry',
      JSON.stringify({
        msgId: 'p17-1',
        deviceId: 'pump-17',
        ts: '2026-03-04T10:00:00Z',
        type: 'heartbeat',
        metrics: { battery: 80 },
      }),
      { qos: 1 },
    );
    await pub.publishAsync('hospital/er/telemetry', 'not json', { qos: 1 });
    await pub.publishAsync('hospital/er/telemetry', `{"deviceId":"x","pad":"${'x'.repeat(4000)}"}`, {
      qos: 1,
    });
    await pub.publishAsync('other/topic', JSON.stringify({ deviceId: 'ignored', ts: 1 }), { qos: 1 });
    await until(async () => (await store.listDeadLetters()).total === 2);
    await pub.endAsync();
    await input.stop();
    const ev = (await store.searchEvents()).items;
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      id: 'p17-1',
      source: 'mqtt',
      class: 'device_telemetry',
      device: 'pump-17',
      action: 'heartbeat',
      attrs: { topic: 'hospital/icu/telemetry', 'metric.battery': '80' },
    });
    const dead = (await store.listDeadLetters()).items.map((d) => d.reason).sort();
    expect(dead).toEqual(['not_json', 'record_too_large']);
    expect(input.stats).toMatchObject({ messages: 3, oversized: 1, failed: 0 });
  });

  it('puts the topic into JSON objects only', () => {
    expect(withTopic('{"a":1}', 't/1')).toBe('{"topic":"t/1","a":1}');
    expect(withTopic(' {} ', 't')).toBe('{"topic":"t"}');
    expect(withTopic('{"topic":"own"}', 't')).toBe('{"topic":"own"}');
    expect(withTopic('[1]', 't')).toBe('[1]');
  });
});
