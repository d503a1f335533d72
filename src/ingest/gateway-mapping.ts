/**
 * Field-mapping files for remote-access gateways Ward has no built-in mapper for (Citrix, telehealth portals,
 * a vendor's variant): a YAML or JSON list saying how to recognise a gateway's syslog message and which of its
 * fields are the user, the remote address, the country, and whether it is a logon, a failure or a logoff. The
 * mapped event is the same `authentication` event the built-in FortiGate / GlobalProtect / OpenVPN / ASA
 * mappers produce (see remote-access.ts), so every identity detector works on it. Mappings are tried before
 * the built-in mappers, so a site can also correct a vendor's variant. Format: docs/formats/gateway-mapping.md.
 *
 * The file is configuration written by an administrator: it is validated strictly on load (unknown keys,
 * bad regular expressions and unknown Ward fields are errors naming the entry), never per message.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AUTH_ACTIONS } from '../model/index.js';
import type { Outcome } from '../model/index.js';
import type { RemoteAccessTarget } from './remote-access.js';

/** Ward fields a mapping can fill from a message field. */
export const MAPPABLE_FIELDS = [
  'user',
  'srcIp',
  'srcPort',
  'country',
  'tunnelIp',
  'status',
  'code',
  'method',
  'device',
] as const;
type MappableField = (typeof MAPPABLE_FIELDS)[number];

const eventKind = z.enum(['logon_success', 'logon_failure', 'logoff']);
type EventKind = z.infer<typeof eventKind>;

const entrySchema = z.strictObject({
  /** Gateway name, written to attrs.gateway. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,40}$/, 'lower-case letters, digits, . _ -'),
  /** Which messages: syslog tag (exact, or a prefix ending in `*`) and/or a substring of the message. */
  match: z
    .strictObject({
      app: z.string().min(1).max(64).optional(),
      contains: z.string().min(1).max(200).optional(),
    })
    .refine((m) => m.app !== undefined || m.contains !== undefined, 'give app, contains or both'),
  /** A regular expression with named groups; without it the message is read as key=value pairs. */
  pattern: z.string().min(1).max(1000).optional(),
  /** Ward field → message key (or named group). */
  fields: z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string().min(1).max(64)),
  /** The kind of every matching message, or the field whose values say which kind. */
  event: z.union([
    eventKind,
    z.strictObject({
      field: z.string().min(1).max(64),
      values: z.partialRecord(eventKind, z.array(z.string().min(1).max(200)).min(1)),
    }),
  ]),
});

/** The whole file: `gateways: [...]`. */
export const gatewayMappingFileSchema = z.strictObject({ gateways: z.array(entrySchema).min(1).max(100) });

/** One mapping, ready to apply. */
export interface GatewayMapping {
  name: string;
  app?: string;
  appPrefix: boolean;
  contains?: string;
  pattern?: RegExp;
  fields: Partial<Record<MappableField, string>>;
  kind?: EventKind;
  kindField?: string;
  kindOf?: Map<string, EventKind>;
}

/** Check and compile a parsed mapping file; throws an Error naming the entry and field on a problem. */
export function compileGatewayMappings(data: unknown, origin = 'gateway mapping'): GatewayMapping[] {
  const parsed = gatewayMappingFileSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${origin}: ${i ? `${i.path.join('.') || 'file'}: ${i.message}` : 'invalid'}`);
  }
  return parsed.data.gateways.map((g, n) => {
    let pattern: RegExp | undefined;
    if (g.pattern !== undefined) {
      try {
        pattern = new RegExp(g.pattern);
      } catch (err) {
        throw new Error(`${origin}: gateways.${n}.pattern: ${(err as Error).message}`, { cause: err });
      }
      const groups = new Set([...g.pattern.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]));
      for (const [field, key] of Object.entries(g.fields)) {
        if (!groups.has(key))
          throw new Error(`${origin}: gateways.${n}.fields.${field}: the pattern has no group (?<${key}>)`);
      }
    }
    const app = g.match.app;
    const m: GatewayMapping = { name: g.name, appPrefix: app?.endsWith('*') ?? false, fields: g.fields };
    if (app !== undefined) m.app = m.appPrefix ? app.slice(0, -1) : app;
    if (g.match.contains !== undefined) m.contains = g.match.contains;
    if (pattern !== undefined) m.pattern = pattern;
    if (typeof g.event === 'string') m.kind = g.event;
    else {
      m.kindField = g.event.field;
      m.kindOf = new Map();
      for (const [kind, values] of Object.entries(g.event.values) as [EventKind, string[]][])
        for (const v of values) m.kindOf.set(v.toLowerCase(), kind);
    }
    return m;
  });
}

/** Read a YAML or JSON mapping file. */
export async function loadGatewayMappings(path: string): Promise<GatewayMapping[]> {
  const text = await readFile(path, 'utf8');
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new Error(`${path}: not YAML or JSON: ${(err as Error).message}`, { cause: err });
  }
  return compileGatewayMappings(data, path);
}

const KIND: Record<EventKind, [string, Outcome]> = {
  logon_success: [AUTH_ACTIONS.logon, 'success'],
  logon_failure: [AUTH_ACTIONS.logon, 'failure'],
  logoff: [AUTH_ACTIONS.logoff, 'success'],
};

/** Helpers remote-access.ts lends so mapped events are normalised exactly like built-in ones. */
export interface MapHelpers {
  parseKeyValues(msg: string): Map<string, string>;
  putUser(e: RemoteAccessTarget, raw: string | undefined): void;
  putIp(e: RemoteAccessTarget, ip: string | undefined): void;
  setAttr(e: RemoteAccessTarget, key: string, value: string | undefined): void;
  countryOf(v: string | undefined): string | undefined;
}

/** Apply the first mapping that matches; false when none does (or the match yields no event kind). */
export function applyGatewayMappings(
  mappings: readonly GatewayMapping[],
  app: string | undefined,
  msg: string,
  e: RemoteAccessTarget,
  h: MapHelpers,
): boolean {
  for (const m of mappings) {
    if (m.app !== undefined) {
      if (app === undefined || (m.appPrefix ? !app.startsWith(m.app) : app !== m.app)) continue;
    }
    if (m.contains !== undefined && !msg.includes(m.contains)) continue;
    let get: (k: string) => string | undefined;
    if (m.pattern !== undefined) {
      const groups = m.pattern.exec(msg)?.groups;
      if (groups === undefined) continue;
      get = (k) => groups[k];
    } else {
      const kv = h.parseKeyValues(msg);
      get = (k) => kv.get(k);
    }
    const kind = m.kind ?? m.kindOf?.get((get(m.kindField ?? '') ?? '').toLowerCase());
    if (kind === undefined) continue;
    const [action, outcome] = KIND[kind];
    e.class = 'authentication';
    e.action = action;
    e.outcome = outcome;
    const f = m.fields;
    if (f.user !== undefined) h.putUser(e, get(f.user));
    if (f.srcIp !== undefined) h.putIp(e, get(f.srcIp));
    if (f.srcPort !== undefined) {
      const port = Number(get(f.srcPort));
      if (Number.isInteger(port) && port > 0 && port < 65536) e.srcPort = port;
    }
    if (f.country !== undefined) h.setAttr(e, 'country', h.countryOf(get(f.country)));
    if (f.tunnelIp !== undefined) h.setAttr(e, 'tunnelIp', get(f.tunnelIp));
    if (f.status !== undefined && outcome === 'failure') {
      const s = get(f.status);
      if (s !== undefined && s !== '') e.status = s;
    }
    if (f.code !== undefined) {
      const c = get(f.code);
      if (c !== undefined && c !== '') e.code = c;
    }
    if (f.method !== undefined) {
      const v = get(f.method);
      if (v !== undefined && v !== '') e.method = v;
    }
    if (f.device !== undefined) {
      const v = get(f.device)?.trim();
      if (v !== undefined && v !== '') h.setAttr(e, 'device', v);
    }
    h.setAttr(e, 'gateway', m.name);
    return true;
  }
  return false;
}
