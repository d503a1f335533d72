/**
 * Offline IP → country and autonomous system, from the CC BY 4.0 databases shipped as npm packages
 * (`@ip-location-db/dbip-country`: IP Geolocation by DB-IP, https://db-ip.com; `@ip-location-db/asn`: Route Views
 * and DB-IP). Nothing is fetched at run time. The CSV ranges load into sorted typed arrays searched by bisection:
 * lazily on the first lookup of each kind (IPv4 about 0.5–1 s, IPv6 only when an IPv6 address is looked up), or
 * in the background by {@link GeoIp.preload} (`ward start`), which keeps the event loop turning while it loads.
 * IPv6 ranges are compared on their top 64 bits: allocations are never finer than a /64, so nothing is lost.
 *
 * Country here means where the address is used according to DB-IP's lite data — good for "a country this user
 * never connected from", not for street-level travel.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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

/** Rows parsed per slice by {@link GeoIp.preload}: a few milliseconds each, so the event loop keeps turning. */
const SLICE_ROWS = 20_000;

/**
 * Loads a `start_num,end_num,value…` CSV into a {@link Table}, a slice of rows at a time; `key` picks the value
 * text of a row (country code, or "asn\torg"). Rows must be sorted by start, as they are in these packages.
 */
class TableLoader<K extends Uint32Array | BigUint64Array> {
  private readonly start: K;
  private readonly end: K;
  private readonly value: Uint32Array;
  private readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  private n = 0;
  private pos = 0;

  constructor(
    private readonly text: string,
    make: (n: number) => K,
    private readonly num: (s: string) => K[number],
    private readonly key: (f: string[]) => string,
  ) {
    let rows = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
    this.start = make(rows);
    this.end = make(rows);
    this.value = new Uint32Array(rows);
  }

  /** Parse up to `rows` more lines; true once the whole text is parsed. */
  step(rows: number): boolean {
    const text = this.text;
    for (let r = 0; r < rows && this.pos < text.length; r++) {
      const nl = text.indexOf('\n', this.pos);
      const stop = nl < 0 ? text.length : nl;
      const line = text.slice(
        this.pos,
        stop > this.pos && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop,
      );
      this.pos = stop + 1;
      if (line.length > 0) this.row(fields(line));
    }
    return this.pos >= text.length;
  }

  private row(f: string[]): void {
    if (f.length < 3) return;
    const k = this.key(f);
    let id = this.ids.get(k);
    if (id === undefined) this.ids.set(k, (id = this.values.push(k) - 1));
    const n = this.n;
    this.start[n] = this.num(f[0]!);
    this.end[n] = this.num(f[1]!);
    this.value[n] = id;
    if (n > 0 && this.start[n]! < this.start[n - 1]!)
      throw new Error('geoip: ranges are not sorted by start');
    this.n++;
  }

  /** The table (call once {@link step} returned true). */
  table(): Table<K> {
    return {
      start: this.start.subarray(0, this.n) as K,
      end: this.end.subarray(0, this.n) as K,
      value: this.value.subarray(0, this.n),
      values: this.values,
    };
  }
}

const require = createRequire(import.meta.url);

const packagePath = (pkg: string, file: string): string => require.resolve(`${pkg}/${file}`);

const top64 = (s: string): bigint => BigInt(s) >> 64n;

/** The tables of a {@link GeoIp}. */
type TableName = 'country4' | 'country6' | 'asn4' | 'asn6';

/** The files a {@link GeoIp} reads; tests hand in small ones. `read`, when given, reads one without blocking. */
export interface GeoSources {
  country4(): string;
  country6(): string;
  asn4(): string;
  asn6(): string;
  read?(name: TableName): Promise<string>;
}

const PACKAGED_FILES: Record<TableName, [string, string]> = {
  country4: ['@ip-location-db/dbip-country', 'dbip-country-ipv4-num.csv'],
  country6: ['@ip-location-db/dbip-country', 'dbip-country-ipv6-num.csv'],
  asn4: ['@ip-location-db/asn', 'asn-ipv4-num.csv'],
  asn6: ['@ip-location-db/asn', 'asn-ipv6-num.csv'],
};

const packaged = (name: TableName): string => packagePath(...PACKAGED_FILES[name]);

/** The shipped databases. */
export const PACKAGED_GEO: GeoSources = {
  country4: () => readFileSync(packaged('country4'), 'utf8'),
  country6: () => readFileSync(packaged('country6'), 'utf8'),
  asn4: () => readFileSync(packaged('asn4'), 'utf8'),
  asn6: () => readFileSync(packaged('asn6'), 'utf8'),
  read: (name) => readFile(packaged(name), 'utf8'),
};

const countryKey = (f: string[]): string => f[2]!;
const asnKey = (f: string[]): string => `${f[2]}\t${f[3] ?? ''}`;
const make4 = (n: number): Uint32Array => new Uint32Array(n);
const make6 = (n: number): BigUint64Array => new BigUint64Array(n);

/** Offline country and AS lookups with lazily loaded tables and a small cache of recent answers. */
export class GeoIp implements GeoLookup {
  private c4?: Table<Uint32Array>;
  private c6?: Table<BigUint64Array>;
  private a4?: Table<Uint32Array>;
  private a6?: Table<BigUint64Array>;
  /** Tables half-loaded by {@link preload}; a lookup meanwhile finishes them instead of starting over. */
  private loading4: Partial<Record<'c4' | 'a4', TableLoader<Uint32Array>>> = {};
  private loading6: Partial<Record<'c6' | 'a6', TableLoader<BigUint64Array>>> = {};
  private preloading?: Promise<void>;
  private readonly cache = new Map<string, GeoInfo | undefined>();

  constructor(private readonly src: GeoSources = PACKAGED_GEO) {}

  lookup(ip: string): GeoInfo | undefined {
    if (this.cache.has(ip)) return this.cache.get(ip);
    const info = this.resolve(ip);
    if (this.cache.size >= 50_000) this.cache.clear();
    this.cache.set(ip, info);
    return info;
  }

  /**
   * Load every table now without holding up the event loop: files are read asynchronously and parsed
   * SLICE_ROWS rows at a time, yielding between slices (the IPv4 tables first). `ward start` calls this once
   * the server listens, so no request or stream event waits 1–2 s for the first public address. A lookup
   * before it is done still answers at once, finishing the table it needs synchronously. Idempotent.
   */
  preload(): Promise<void> {
    return (this.preloading ??= this.loadAll());
  }

  private async loadAll(): Promise<void> {
    if (this.c4 === undefined)
      this.loading4.c4 ??= new TableLoader(await this.read('country4'), make4, Number, countryKey);
    if (this.a4 === undefined)
      this.loading4.a4 ??= new TableLoader(await this.read('asn4'), make4, Number, asnKey);
    await sliced(this.loading4.c4);
    await sliced(this.loading4.a4);
    this.c4 ??= this.loading4.c4?.table();
    this.a4 ??= this.loading4.a4?.table();
    this.loading4 = {};
    if (this.c6 === undefined)
      this.loading6.c6 ??= new TableLoader(await this.read('country6'), make6, top64, countryKey);
    if (this.a6 === undefined)
      this.loading6.a6 ??= new TableLoader(await this.read('asn6'), make6, top64, asnKey);
    await sliced(this.loading6.c6);
    await sliced(this.loading6.a6);
    this.c6 ??= this.loading6.c6?.table();
    this.a6 ??= this.loading6.a6?.table();
    this.loading6 = {};
  }

  private read(name: TableName): Promise<string> {
    return this.src.read !== undefined ? this.src.read(name) : Promise.resolve(this.src[name]());
  }

  /** A table now: the half-loaded one finished, else loaded from the synchronous source. */
  private now4(name: 'c4' | 'a4', text: () => string, key: (f: string[]) => string): Table<Uint32Array> {
    const l = this.loading4[name] ?? new TableLoader(text(), make4, Number, key);
    l.step(Infinity);
    return l.table();
  }

  private now6(name: 'c6' | 'a6', text: () => string, key: (f: string[]) => string): Table<BigUint64Array> {
    const l = this.loading6[name] ?? new TableLoader(text(), make6, top64, key);
    l.step(Infinity);
    return l.table();
  }

  private resolve(ip: string): GeoInfo | undefined {
    let c: string | undefined;
    let a: string | undefined;
    const v4 = ip.includes(':') ? undefined : ipv4ToNumber(ip);
    if (v4 !== undefined) {
      this.c4 ??= this.now4('c4', () => this.src.country4(), countryKey);
      this.a4 ??= this.now4('a4', () => this.src.asn4(), asnKey);
      c = valueAt(this.c4, v4);
      a = valueAt(this.a4, v4);
    } else {
      const v6 = ip.includes(':') ? ipv6Top64(ip) : undefined;
      if (v6 === undefined) return undefined;
      this.c6 ??= this.now6('c6', () => this.src.country6(), countryKey);
      this.a6 ??= this.now6('a6', () => this.src.asn6(), asnKey);
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

/** Run a loader to the end, SLICE_ROWS rows per turn of the event loop (nothing when it is undefined). */
async function sliced(l: TableLoader<Uint32Array> | TableLoader<BigUint64Array> | undefined): Promise<void> {
  while (l !== undefined && !l.step(SLICE_ROWS)) await new Promise<void>((resolve) => setImmediate(resolve));
}

function valueAt<K extends Uint32Array | BigUint64Array>(t: Table<K>, x: K[number]): string | undefined {
  const i = find<K[number]>(t.start, t.end, x);
  return i < 0 ? undefined : t.values[t.value[i]!];
}

let shared: GeoIp | undefined;

/** One process-wide lookup over the shipped databases (tables load on first use, or by {@link GeoIp.preload}). */
export function defaultGeo(): GeoIp {
  return (shared ??= new GeoIp());
}
