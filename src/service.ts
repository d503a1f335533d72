/**
 * The live service behind `ward start`: store, live pipeline, API + console, configured inputs and — when no
 * real input is configured — a simulated hospital feeding the same live pipeline. Thin composition only.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp, packageVersion, TokenService, tlsOptions } from './api/index.js';
import { hasRealInputs, type WardConfig } from './config/config.js';
import { loadGatewayMappings } from './ingest/gateway-mapping.js';
import { BusyError, LivePipeline, MqttInput, SyslogServer, TailInput, type Delivery } from './live/index.js';
import { simulateLive } from './sim/index.js';
import { openStore, type Store } from './store/index.js';

/** Built console, when `npm run build:web` has run (it does on `npm install`). */
export const WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Something to stop on shutdown. */
interface Stoppable {
  stop(): Promise<void>;
}

/** A running service. */
export interface Service {
  url: string;
  /** The first admin token, only on the very first start of a store. */
  firstAdminToken: string | undefined;
  simulating: boolean;
  live: LivePipeline;
  store: Store;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/** Start everything the configuration asks for; `log` receives one-line status messages. */
export async function startService(config: WardConfig, log: (line: string) => void): Promise<Service> {
  const store = await openStore(config.store);
  const stoppables: Stoppable[] = [];
  try {
    const auth = new TokenService(store);
    const firstAdminToken = await auth.ensureFirstAdmin();
    const gatewayMappings =
      config.inputs.gatewayMap === undefined
        ? undefined
        : await loadGatewayMappings(config.inputs.gatewayMap);
    const live = new LivePipeline({ store, ...(gatewayMappings ? { parse: { gatewayMappings } } : {}) });
    await live.start();
    stoppables.push(live);

    const tls = config.server.tls
      ? await tlsOptions(config.server.tls.cert, config.server.tls.key)
      : undefined;
    const app = await buildApp({
      store,
      auth,
      live,
      metrics: () => live.metrics(),
      context: live.context,
      webRoot: existsSync(WEB_ROOT) ? WEB_ROOT : undefined,
      version: packageVersion(),
      ...(tls ? { tls } : {}),
    });
    await app.listen({ host: config.server.host, port: config.server.port });
    stoppables.unshift({ stop: () => app.close() });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.server.port;
    const host = config.server.host === '0.0.0.0' ? 'localhost' : config.server.host;
    const url = `${tls ? 'https' : 'http'}://${host}:${port}`;

    const s = config.inputs.syslog;
    if (s && (s.udpPort !== undefined || s.tcpPort !== undefined)) {
      const server = new SyslogServer(live, {
        host: s.host,
        udpPort: s.udpPort,
        tcpPort: s.tcpPort,
        maxMessageBytes: s.maxMessageBytes,
      });
      await server.start();
      stoppables.unshift(server);
      log(`syslog listening on ${s.host} udp:${server.udpPort ?? '-'} tcp:${server.tcpPort ?? '-'}`);
    }
    for (const t of config.inputs.tail) {
      const tail = new TailInput(live, store, { paths: [...t.paths], format: t.format });
      await tail.start();
      stoppables.unshift(tail);
      log(`tailing ${t.paths.join(', ')}`);
    }
    for (const m of config.inputs.mqtt) {
      const mqtt = new MqttInput(live, {
        url: m.url,
        topics: [...m.topics],
        username: m.username,
        password: m.password,
        format: m.format,
      });
      await mqtt.start();
      stoppables.unshift(mqtt);
      log(`MQTT subscribed to ${m.topics.join(', ')} at ${m.url.replace(/\/\/[^@/]*@/, '//')}`);
    }

    const sim = config.simulate;
    const simulating = sim.enabled === true || (sim.enabled === 'auto' && !hasRealInputs(config));
    if (simulating) {
      const feeder = feedSimulation(live, config, log);
      stoppables.unshift(feeder);
      log(
        `simulated hospital: ${sim.staff} staff, ${sim.patients} patients, ${sim.speed}× real time (seed ${sim.seed})`,
      );
    }

    let stopped = false;
    return {
      url,
      firstAdminToken,
      simulating,
      live,
      store,
      app,
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const s of stoppables) await s.stop();
        await store.close();
      },
    };
  } catch (err) {
    for (const s of stoppables) await s.stop().catch(() => undefined);
    await store.close();
    throw err;
  }
}

/** Feed the live simulation into the pipeline until stopped, waiting out backpressure. */
function feedSimulation(live: LivePipeline, config: WardConfig, log: (line: string) => void): Stoppable {
  const controller = { stopped: false };
  const sim = config.simulate;
  const done = (async () => {
    const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    const sleep = async (ms: number) => {
      // Sleep in short steps so stop() is prompt.
      for (let left = ms; left > 0 && !controller.stopped; left -= 250) await wait(Math.min(250, left));
    };
    const deliveries = simulateLive({
      seed: sim.seed,
      speed: sim.speed,
      staff: sim.staff,
      patients: sim.patients,
      backfillMs: sim.backfillHours * 3_600_000,
      sleep,
    });
    // Several deliveries in flight let the pipeline commit them as a group (the backfill is thousands of
    // small deliveries); the pipeline keeps their order.
    const inFlight = new Set<Promise<void>>();
    const submit = async (d: Delivery): Promise<void> => {
      for (;;) {
        try {
          await live.submit(d);
          return;
        } catch (err) {
          if (err instanceof BusyError && !controller.stopped) await sleep(err.retryAfterMs);
          else throw err;
        }
      }
    };
    for await (const d of deliveries) {
      if (controller.stopped) break;
      const p = submit(d)
        .catch((err: unknown) => {
          // A delivery the pipeline refuses for good stops the simulation; it is a bug, not bad data.
          if (!controller.stopped)
            log(`simulation stopped: ${err instanceof Error ? err.message : String(err)}`);
          controller.stopped = true;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 64) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  })().catch((err: unknown) => {
    if (!controller.stopped) log(`simulation stopped: ${err instanceof Error ? err.message : String(err)}`);
  });
  return {
    async stop() {
      controller.stopped = true;
      await done;
    },
  };
}
