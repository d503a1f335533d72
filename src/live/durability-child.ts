/**
 * A minimal live service for the kill -9 test (durability.int.test.ts): a LivePipeline on a store file behind a
 * TCP input that takes one JSON delivery per line and answers one JSON line per delivery once it is durable.
 * Run from the build: `node dist/src/live/durability-child.js <store file>`; prints `ready <port>` when
 * listening and stops cleanly on SIGTERM.
 */
import { createServer } from 'node:net';
import { openStore } from '../store/index.js';
import type { Delivery } from './ingest.js';
import { LivePipeline } from './live-pipeline.js';

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: durability-child <store file>');
  const store = await openStore(path);
  // Checkpoint often so a kill lands between checkpoints and restart must replay.
  const live = new LivePipeline({ store, checkpointEvents: 7, checkpointMs: 200 });
  await live.start();
  const server = createServer((sock) => {
    let buf = '';
    let chain = Promise.resolve();
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const d = JSON.parse(line) as Delivery & { n: number };
        const submitted = live.submit(d);
        // Answer in order; each answer is written only once its delivery is durable.
        chain = chain.then(async () => {
          try {
            const r = await submitted;
            sock.write(JSON.stringify({ n: d.n, ok: true, ...r }) + '\n');
          } catch (err) {
            sock.write(JSON.stringify({ n: d.n, ok: false, error: String(err) }) + '\n');
          }
        });
      }
    });
    sock.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    process.stdout.write(`ready ${port}\n`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void live
      .stop()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
