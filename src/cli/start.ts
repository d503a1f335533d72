/** `ward start`: the live service (API, console, inputs; a simulated hospital when nothing is configured). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { defaultGeo } from '../enrich/geoip.js';
import { startService } from '../service.js';

interface StartFlags {
  config?: string;
  port?: string;
  host?: string;
  store?: string;
  simulate?: boolean;
}

/** Register the command. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'Run Ward: API, web console and live inputs (a simulated hospital when no input is configured)',
    )
    .option('--config <file>', 'YAML configuration (default: ./ward.yaml when present, or $WARD_CONFIG)')
    .option('--port <n>', 'HTTP port (overrides the configuration)')
    .option('--host <addr>', 'address to listen on (overrides the configuration)')
    .option('--store <path>', 'DuckDB file (overrides the configuration)')
    .option('--no-simulate', 'never feed a simulated hospital')
    .action(async (flags: StartFlags) => {
      await runStart(flags);
    });
}

async function runStart(flags: StartFlags): Promise<void> {
  const file = flags.config ?? process.env.WARD_CONFIG ?? (existsSync('ward.yaml') ? 'ward.yaml' : undefined);
  const base = await loadConfig(file);
  const port = flags.port === undefined ? base.server.port : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, not "${flags.port}"`);
  const config = {
    ...base,
    server: { ...base.server, port, host: flags.host ?? base.server.host },
    store: flags.store ?? base.store,
    simulate: flags.simulate === false ? { ...base.simulate, enabled: false as const } : base.simulate,
  };
  const log = (line: string): void => console.log(`ward: ${line}`);
  const service = await startService(config, log);
  preloadGeo(log);
  console.log(
    `ward: listening on ${service.url}  (console at ${service.url}/, API docs at ${service.url}/docs)`,
  );
  console.log(
    `ward: store ${config.store}${file ? `, configuration ${file}` : ', no configuration file (defaults)'}`,
  );
  if (service.firstAdminToken) {
    console.log('');
    console.log('  First start: an admin token was created. It is shown only this once — keep it safe:');
    console.log(`    ${service.firstAdminToken}`);
    console.log(
      `  Log in to the console with it, or: curl -H "Authorization: Bearer <token>" ${service.url}/api/alerts`,
    );
    console.log('  Lost it? `npx ward token create <name> --role admin` makes another.');
    console.log('');
  }
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`ward: ${signal}, stopping…`);
      service.stop().then(resolve, (err: unknown) => {
        console.error(`ward: error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

/**
 * Load the offline GeoIP tables in the background once the server listens. Loaded lazily, they would block the
 * event loop for a second or two at the first public address — every request and stream event behind it waiting.
 * The CLI's batch commands keep the lazy load (a run without public addresses never pays for it).
 */
export function preloadGeo(log: (line: string) => void, delayMs = 200): void {
  setTimeout(() => {
    const t0 = Date.now();
    defaultGeo()
      .preload()
      .then(
        () => log(`GeoIP tables loaded in the background (${Date.now() - t0} ms)`),
        (err: unknown) =>
          log(
            `GeoIP tables not preloaded (${err instanceof Error ? err.message : String(err)}); they load on first use`,
          ),
      );
  }, delayMs).unref();
}
