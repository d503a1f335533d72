/**
 * Splitting one CEF record into its 7 header fields and extension pairs. Escapes: `\|` and `\\` in the header;
 * `\=`, `\\`, `\n`, `\r` in extension values. A value runs up to the space before the next `key=`; an unescaped
 * `=` inside a value (`request=https://h/?a=b`) stays in the value because the text before it is not a bare key
 * preceded by a space. Every scan moves forward only, so a record is read in linear time whatever it holds.
 */

/** The parsed parts of one CEF record. */
export interface CefRecord {
  version: string;
  vendor: string;
  product: string;
  deviceVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  /** Extension keys in order (a repeated key appears twice; the mapping keeps the last). */
  keys: string[];
  /** Extension values, unescaped, parallel to `keys`. */
  values: string[];
}

const VERSION = /^\d{1,3}(\.\d{1,3})?$/;

/** True when the character at `i` is escaped: an odd number of backslashes right before it. */
function isEscaped(text: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && text.charCodeAt(i - n - 1) === 92) n++;
  return (n & 1) === 1;
}

/**
 * Split a CEF record starting at `CEF:` (index `from`) into header fields and extension; returns what was wrong
 * instead when it is not CEF. Delimiters are found with indexOf (native scanning), not a loop per character.
 */
export function splitCef(text: string, from = 0): CefRecord | string {
  if (!text.startsWith('CEF:', from)) return 'no "CEF:" at the start of the record';
  // Most records have no backslash at all; one scan spares a check per field.
  const plain = text.indexOf('\\', from) === -1;
  const header: string[] = [];
  let start = from + 4;
  let search = start;
  while (header.length < 7) {
    const bar = text.indexOf('|', search);
    if (bar === -1) {
      // A record without extension may end right after the severity.
      if (header.length === 6) header.push(headerField(text, start, text.length, plain));
      break;
    }
    if (isEscaped(text, bar)) {
      search = bar + 1;
      continue;
    }
    header.push(headerField(text, start, bar, plain));
    start = search = bar + 1;
  }
  // Cut short: the fields read plus the one the line ended in.
  if (header.length < 7) return `CEF header has ${header.length + 1} of 7 fields`;
  // Indexed reads: array destructuring goes through the iterator protocol, measured at ~300 ns a record.
  const version = header[0]!;
  if (!VERSION.test(version)) return `CEF version "${version.slice(0, 20)}" is not a number`;
  // Parallel arrays, not a Map: hashing a dozen fresh key strings per record was most of the parse time.
  const rec: CefRecord = {
    version,
    vendor: header[1]!,
    product: header[2]!,
    deviceVersion: header[3]!,
    signatureId: header[4]!,
    name: header[5]!,
    severity: header[6]!,
    keys: [],
    values: [],
  };
  const bad = readExtension(text, Math.min(start, text.length), rec, plain);
  return bad ?? rec;
}

function headerField(text: string, from: number, to: number, plain: boolean): string {
  const raw = text.slice(from, to);
  return plain || !raw.includes('\\') ? raw : raw.replace(/\\([|\\])/g, '$1');
}

/** True when text[from, to) is a CEF extension key: 1–64 of `A-Za-z0-9_.-[]`. */
function isKey(text: string, from: number, to: number): boolean {
  if (to <= from || to - from > 64) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const ok =
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 95 ||
      c === 46 ||
      c === 45 ||
      c === 91 ||
      c === 93;
    if (!ok) return false;
  }
  return true;
}

/**
 * Read `k=v k2=v two words …` from `p`; returns what was wrong, or undefined. A `=` ends the value before it
 * only when unescaped and preceded by ` key`, so `=` inside URLs stays in the value.
 */
function readExtension(text: string, p: number, out: CefRecord, plain: boolean): string | undefined {
  const len = text.length;
  while (p < len && text.charCodeAt(p) === 32) p++;
  if (p >= len) return undefined;
  const eq = text.indexOf('=', p);
  if (eq === -1 || !isKey(text, p, eq)) return 'extension does not start with key=value';
  let key = text.slice(p, eq);
  let valueStart = eq + 1;
  let search = valueStart;
  // Cursors that only move forward, so each space and backslash is visited once: a backwards lastIndexOf per
  // `=`, or an indexOf per value, would be quadratic on `a=a=a=…` or a lone `\` at the end of a long line.
  let sp = -1;
  let nextSpace = text.indexOf(' ', valueStart);
  let nextBs = plain ? -1 : text.indexOf('\\', valueStart);
  const put = (to: number) => {
    while (nextBs !== -1 && nextBs < valueStart) nextBs = text.indexOf('\\', nextBs + 1);
    putValue(out, key, text, valueStart, to, nextBs !== -1 && nextBs < to);
  };
  for (;;) {
    const next = text.indexOf('=', search);
    if (next === -1) break;
    search = next + 1;
    if (isEscaped(text, next)) continue;
    while (nextSpace !== -1 && nextSpace < next) {
      sp = nextSpace;
      nextSpace = text.indexOf(' ', nextSpace + 1);
    }
    if (sp < valueStart || !isKey(text, sp + 1, next)) continue;
    put(sp);
    key = text.slice(sp + 1, next);
    valueStart = search;
  }
  put(len);
  return undefined;
}

function putValue(
  out: CefRecord,
  key: string,
  text: string,
  from: number,
  to: number,
  escaped: boolean,
): void {
  while (to > from && text.charCodeAt(to - 1) === 32) to--;
  out.keys.push(key);
  out.values.push(escaped ? unescapeValue(text, from, to) : text.slice(from, to));
}

/** Extension value with `\=` `\\` `\n` `\r` (and a stray `\|`) resolved; other backslashes are kept. */
function unescapeValue(text: string, from: number, to: number): string {
  let out = '';
  let start = from;
  for (let i = from; i < to - 1; i++) {
    if (text.charCodeAt(i) !== 92) continue;
    const c = text.charCodeAt(i + 1);
    const rep =
      c === 110 ? '\n' : c === 114 ? '\r' : c === 61 || c === 92 || c === 124 ? text[i + 1]! : undefined;
    if (rep === undefined) continue;
    out += text.slice(start, i) + rep;
    start = i + 2;
    i++;
  }
  return out + text.slice(start, to);
}
