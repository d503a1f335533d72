/**
 * The Ward HTTP server: zod-validated routes (one file per resource in routes/), token auth, OpenAPI at
 * `/openapi.json` with Swagger UI at `/docs`, Prometheus metrics at `/metrics`, and the web console's files at
 * `/`. `buildApp` returns the Fastify instance without listening, so tests drive it with `inject()` and
 * `ward start` calls `listen`.
 */
import { readFileSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { authHook, isProtectedPath } from './auth.js';
import type { AppDeps } from './deps.js';
import { handleClientError, handleError, sendError } from './errors.js';
import { alertRoutes } from './routes/alerts.js';
import { caseRoutes } from './routes/cases.js';
import { contextRoutes } from './routes/context.js';
import { deadLetterRoutes } from './routes/dead-letters.js';
import { entityRoutes } from './routes/entities.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
import { metricsRoutes } from './routes/metrics.js';
import { reportRoutes } from './routes/reports.js';
import { streamRoutes } from './routes/stream.js';
import { summaryRoutes } from './routes/summary.js';
import { tokenRoutes } from './routes/tokens.js';
import { SERVER_LIMITS, loggerOptions } from './server-options.js';

export type { AppDeps, MetricsProvider } from './deps.js';

/** Ward's version from package.json (found from src/api or dist/src/api), or `0.0.0` when it cannot be read. */
export function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === 'ward' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not at this level; try the next.
    }
  }
  return '0.0.0';
}

function logger(option: AppDeps['logger']) {
  if (option === undefined || option === false) return false;
  if (typeof option === 'object') return { ...loggerOptions(option.level), stream: option.stream };
  return loggerOptions(option === true ? 'info' : option);
}

/** Build the Ward server from its dependencies; it is ready to `listen` or `inject` once the promise resolves. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const version = deps.version ?? packageVersion();
  const limits = { ...SERVER_LIMITS, ...deps.limits };
  const nodeServer = {
    headersTimeout: limits.headersTimeout,
    requestTimeout: limits.requestTimeout,
    connectionsCheckingInterval: limits.connectionsCheckingInterval,
  };
  const options = {
    logger: logger(deps.logger),
    connectionTimeout: limits.connectionTimeout,
    requestTimeout: limits.requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeout,
    bodyLimit: limits.bodyLimit,
    routerOptions: { maxParamLength: limits.maxParamLength },
    http: nodeServer,
    clientErrorHandler: handleClientError,
    // Tokens never travel in URLs, so request ids need not hide anything; keep Fastify's default ids.
    return503OnClosing: true,
  };
  // The https variant differs only in the raw server type; routes do not touch it.
  const app = (deps.tls
    ? Fastify({ ...options, https: deps.tls })
    : Fastify(options)) as unknown as FastifyInstance;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Ward API',
        description:
          'Security monitoring for hospitals. Every /api route except /api/health, and /metrics, needs ' +
          '`Authorization: Bearer <token>`. Errors are `{"error":{"code","message"}}`.',
        version,
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', authHook(deps.auth));

  const zapp = app.withTypeProvider<ZodTypeProvider>();
  await zapp.register(healthRoutes(deps, version));
  await zapp.register(eventRoutes(deps));
  await zapp.register(alertRoutes(deps));
  await zapp.register(deadLetterRoutes(deps));
  await zapp.register(contextRoutes(deps));
  await zapp.register(summaryRoutes(deps));
  await zapp.register(ingestRoutes(deps, limits.ingestBodyLimit));
  await zapp.register(metricsRoutes(deps));
  await zapp.register(tokenRoutes(deps));
  await zapp.register(caseRoutes(deps));
  await zapp.register(reportRoutes(deps));
  await zapp.register(entityRoutes(deps));
  await zapp.register(streamRoutes(deps));

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const webRoot = deps.webRoot;
  if (webRoot !== undefined) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: 'index.html' });
  }
  app.setNotFoundHandler((req, reply) => {
    // The console is a single-page app: its routes are client-side, so unknown page paths get index.html.
    const page = req.method === 'GET' && !isProtectedPath(req.url) && !req.url.startsWith('/docs');
    if (webRoot !== undefined && page && (req.headers.accept ?? '').includes('text/html')) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html', webRoot);
    }
    return sendError(reply, 'not_found', `no route ${req.method} ${req.url.split('?', 1)[0] ?? ''}`);
  });

  await app.ready();
  return app;
}
