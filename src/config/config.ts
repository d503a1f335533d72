/**
 * Ward's one configuration file (YAML), parsed once at start-up, validated with a strict schema and frozen.
 * Every key is optional: with no file at all Ward runs on its embedded store and a simulated hospital.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const port = z.number().int().min(0).max(65535);

/** The configuration schema; unknown keys are errors so typos do not pass silently. */
export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: port.default(8080),
        tls: z
          .object({ cert: z.string().min(1), key: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8080 }),
    store: z.string().min(1).default('./ward-data/ward.duckdb'),
    inputs: z
      .object({
        syslog: z
          .object({
            host: z.string().min(1).default('0.0.0.0'),
            udpPort: port.optional(),
            tcpPort: port.optional(),
            maxMessageBytes: z.number().int().positive().optional(),
          })
          .strict()
          .optional(),
        tail: z
          .array(
            z.object({ paths: z.array(z.string().min(1)).min(1), format: z.string().optional() }).strict(),
          )
          .default([]),
        mqtt: z
          .array(
            z
              .object({
                url: z.string().min(1),
                topics: z.array(z.string().min(1)).min(1),
                username: z.string().optional(),
                password: z.string().optional(),
                format: z.string().optional(),
              })
              .strict(),
          )
          .default([]),
        /** Field-mapping file for remote-access gateways without a built-in mapper (docs/formats/gateway-mapping.md). */
        gatewayMap: z.string().min(1).optional(),
      })
      .strict()
      .default({ tail: [], mqtt: [] }),
    simulate: z
      .object({
        /** `auto`: simulate only when no real input is configured. */
        enabled: z.union([z.boolean(), z.literal('auto')]).default('auto'),
        seed: z.number().int().default(1),
        /** Simulated seconds per wall-clock second (1 = real time; event times run ahead of the clock above 1). */
        speed: z.number().positive().default(1),
        /** Hours of simulated history delivered at once on start, so the console is not empty. */
        backfillHours: z
          .number()
          .min(0)
          .max(24 * 6)
          .default(36),
        staff: z.number().int().positive().default(120),
        patients: z.number().int().positive().default(1500),
      })
      .strict()
      .default({ enabled: 'auto', seed: 1, speed: 1, backfillHours: 36, staff: 120, patients: 1500 }),
  })
  .strict();

/** A validated configuration. */
export type WardConfig = z.infer<typeof configSchema>;

/** Parse configuration text; errors name the file and the key. */
export function parseConfig(text: string, file: string): WardConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (err) {
    throw new Error(`${file}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new Error(`${file}: invalid configuration\n  ${issues.join('\n  ')}`);
  }
  return deepFreeze(result.data);
}

/** Load the configuration from `file`, or defaults when `file` is undefined. */
export async function loadConfig(file: string | undefined): Promise<WardConfig> {
  if (file === undefined) return parseConfig('{}', '(defaults)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(
      `cannot read configuration ${file}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
  return parseConfig(text, file);
}

/** True when the configuration names at least one real input. */
export function hasRealInputs(c: WardConfig): boolean {
  const s = c.inputs.syslog;
  return (
    (s !== undefined && (s.udpPort !== undefined || s.tcpPort !== undefined)) ||
    c.inputs.tail.length > 0 ||
    c.inputs.mqtt.length > 0
  );
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
