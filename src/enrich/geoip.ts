/**
 * Offline IP → country and autonomous system, from the CC BY 4.0 databases shipped as npm packages
 * (`@ip-location-db/dbip-country`: IP Geolocation by DB-IP, https://db-ip.com; `@ip-location-db/asn`: Route Views
 * and DB-IP). Nothing is fetched at run time. The CSV ranges load lazily on the first lookup of each kind (IPv4
 * about 0.5 s, IPv6 only when an IPv6 address is looked up) into sorted typed arrays searched by bisection.
 * IPv6 ranges are compared on their top 64 bits: allocations are never finer than a /64, so nothing is lost.
 *
 * Country here means where the address is used according to DB-IP's lite data — good for "a country this user
 * never connected from", not for street-level travel.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What is known of an address. */
export interface GeoInfo {
  /** ISO 3166-1 alpha-2 code. */
  country?: string;
  /** Autonomous system number. */
  asn?: number;
  /** Autonomous system organisation, e.g. "Cloudflare, Inc.". */
  asOrg?: string;
}

/** Looks addresses up; undefined when nothing is known (private, reserved, malformed). */
export interface GeoLookup {
  lookup(ip: string): GeoInfo | undefined;
}

/** One loaded table: sorted range starts and ends, and the value index of each range. */
interface Table<K extends Uint32Array | BigUint64Array> {
  start: K;
  end: K;
  value: Uint32Array;
  values: string[];
}

/** IPv4 dotted quad → unsigned 32-bit number; undefined when malformed. */
export function ipv4ToNumber(ip: string): number | undefined {
  let n = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return undefined;
      n = n * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return undefined;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return n * 256 + part;
}

/** The top 64 bits of an IPv6 address (with `::` and an embedded IPv4 tail); undefined when malformed. */
export function ipv6Top64(ip: string): bigint | undefined {
  const pct = ip.indexOf('%');
  const s = (pct >= 0 ? ip.slice(0, pct) : ip).toLowerCase();
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const last = tail.length > 0 ? tail[tail.length - 1] : head[head.length - 1];
  const v4 = last !== undefined && last.includes('.') ? 2 : 0;
  const total = head.length + tail.length + v4 - (v4 ? 1 : 0);
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined;
  const all = [...head, ...Array<string>(8 - total).fill('0'), ...tail];
  let top = 0n;
  for (let i = 0; i < 4; i++) {
    const g = all[i];
    if (g === undefined || !/^[0-9a-f]{1,4}$/.test(g)) return undefined;
    top = (top << 16n) | BigInt(parseInt(g, 16));
  }
  return top;
}

/** Index of the range holding `x`, or -1. */
function find<T extends number | bigint>(start: ArrayLike<T>, end: ArrayLike<T>, x: T): number {
  let lo = 0;
  let hi = start.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (start[mid]! <= x) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && x <= end[hi]! ? hi : -1;
}

/** Split one CSV line of `start,end,a[,b]` where the last field may be quoted with doubled quotes. */
function fields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line.charCodeAt(i) === 34) {
      let v = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) {
          v += line.slice(j);
          j = line.length;
          break;
        }
        v += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 34) {
          v += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(v);
      i = j + 1;
    } else {
      const c = line.indexOf(',', i);
      const e = c < 0 ? line.length : c;
      out.push(line.slice(i, e));
      i = e + 1;
    }
  }
  return out;
}

/**
 * Load a `start_num,end_num,value…` CSV; `key` picks the value text of a row (country code, or "asn\torg").
 * Rows are already sorted by start in these packages; the loader checks and sorts when they are not.
 */
function loadTable<K extends Uint32Array | BigUint64Array>(
  text: string,
  make: (n: number) => K,
  num: (s: string) => K[number],
  key: (f: string[]) => string,
): Table<K> {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const start = make(lines.length);
  const end = make(lines.length);
  const value = new Uint32Array(lines.length);
  const values: string[] = [];
  const ids = new Map<string, number>();
  let n = 0;
  for (const line of lines) {
    const f = fields(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (f.length < 3) continue;
    const k = key(f);
    let id = ids.get(k);
    if (id === undefined) ids.set(k, (id = values.push(k) - 1));
    start[n] = num(f[0]!);
    end[n] = num(f[1]!);
    value[n] = id;
    n++;
  }
  const t = {
    start: start.subarray(0, n) as K,
    end: end.subarray(0, n) as K,
    value: value.subarray(0, n),
    values,
  };
  for (let i = 1; i < n; i++) {
    if (t.start[i]! < t.start[i - 1]!) throw new Error('geoip: ranges are not sorted by start');
  }
  return t;
}

const require = createRequire(import.meta.url);

function packageFile(pkg: string, file: string): string {
  return readFileSync(require.resolve(`${pkg}/${file}`), 'utf8');
}

const top64 = (s: string): bigint => BigInt(s) >> 64n;

/** The files a {@link GeoIp} reads; tests hand in small ones. */
export interface GeoSources {
  country4(): string;
  country6(): string;
  asn4(): string;
  asn6(): string;
}

/** The shipped databases. */
export const PACKAGED_GEO: GeoSources = {
  country4: () => packageFile('@ip-location-db/dbip-country', 'dbip-country-ipv4-num.csv'),
  country6: () => packageFile('@ip-location-db/dbip-country', 'dbip-country-ipv6-num.csv'),
  asn4: () => packageFile('@ip-location-db/asn', 'asn-ipv4-num.csv'),
  asn6: () => packageFile('@ip-location-db/asn', 'asn-ipv6-num.csv'),
};

/** Offline country and AS lookups with lazily loaded tables and a small cache of recent answers. */
export class GeoIp implements GeoLookup {
  private c4?: Table<Uint32Array>;
  private c6?: Table<BigUint64Array>;
  private a4?: Table<Uint32Array>;
  private a6?: Table<BigUint64Array>;
  private readonly cache = new Map<string, GeoInfo | undefined>();

  constructor(private readonly src: GeoSources = PACKAGED_GEO) {}

  lookup(ip: string): GeoInfo | undefined {
    if (this.cache.has(ip)) return this.cache.get(ip);
    const info = this.resolve(ip);
    if (this.cache.size >= 50_000) this.cache.clear();
    this.cache.set(ip, info);
    return info;
  }

  private resolve(ip: string): GeoInfo | undefined {
    let c: string | undefined;
    let a: string | undefined;
    const v4 = ip.includes(':') ? undefined : ipv4ToNumber(ip);
    if (v4 !== undefined) {
      this.c4 ??= loadTable(
        this.src.country4(),
        (n) => new Uint32Array(n),
        Number,
        (f) => f[2]!,
      );
      this.a4 ??= loadTable(
        this.src.asn4(),
        (n) => new Uint32Array(n),
        Number,
        (f) => `${f[2]}\t${f[3] ?? ''}`,
      );
      c = valueAt(this.c4, v4);
      a = valueAt(this.a4, v4);
    } else {
      const v6 = ip.includes(':') ? ipv6Top64(ip) : undefined;
      if (v6 === undefined) return undefined;
      this.c6 ??= loadTable(
        this.src.country6(),
        (n) => new BigUint64Array(n),
        top64,
        (f) => f[2]!,
      );
      this.a6 ??= loadTable(
        this.src.asn6(),
        (n) => new BigUint64Array(n),
        top64,
        (f) => `${f[2]}\t${f[3] ?? ''}`,
      );
      c = valueAt(this.c6, v6);
      a = valueAt(this.a6, v6);
    }
    const info: GeoInfo = {};
    if (c !== undefined && c !== '' && c !== 'ZZ') info.country = c;
    if (a !== undefined) {
      const tab = a.indexOf('\t');
      const asn = Number(a.slice(0, tab));
      if (Number.isInteger(asn) && asn > 0) info.asn = asn;
      const org = a.slice(tab + 1);
      if (org !== '') info.asOrg = org;
    }
    return info.country === undefined && info.asn === undefined ? undefined : info;
  }
}

function valueAt<K extends Uint32Array | BigUint64Array>(t: Table<K>, x: K[number]): string | undefined {
  const i = find<K[number]>(t.start, t.end, x);
  return i < 0 ? undefined : t.values[t.value[i]!];
}

let shared: GeoIp | undefined;

/** One process-wide lookup over the shipped databases (tables load on first use). */
export function defaultGeo(): GeoIp {
  return (shared ??= new GeoIp());
}
