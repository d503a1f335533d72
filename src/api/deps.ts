/** What the server is built from: the store, token service and optional live pipeline, metrics and console. */
import type { ContextIndex } from '../context/index.js';
import type { LiveIngest } from '../live/ingest.js';
import type { Store } from '../store/index.js';
import type { TokenService } from './auth.js';
import type { ServerLimits, TlsOptions } from './server-options.js';

/** Extra Prometheus text lines (live pipeline lag, queue depth …), appended to `/metrics`. */
export type MetricsProvider = () => string | Promise<string>;

/** Dependencies of {@link buildApp}. */
export interface AppDeps {
  store: Store;
  auth: TokenService;
  /** Live pipeline behind `POST /api/ingest`; without it the route answers 503 `unavailable`. */
  live?: LiveIngest;
  metrics?: MetricsProvider;
  /** The context index the live pipeline keeps current (staff, patients, care relationships); absent: built from the store when needed. */
  context?: ContextIndex;
  /** Directory of the built web console, served at `/` with index.html for unknown paths (SPA). */
  webRoot?: string;
  /** Log level (`info`, `warn` …), true for `info`, false/absent for no log; or a level and where to write. */
  logger?: boolean | string | { level: string; stream: { write(line: string): void } };
  /** Serve HTTPS with this certificate and key (see `tlsOptions`). */
  tls?: TlsOptions;
  /** Overrides of {@link SERVER_LIMITS} (timeouts, body limits). */
  limits?: Partial<ServerLimits>;
  /** Version reported by health and OpenAPI; default: package.json's. */
  version?: string;
}
