/** Time parsing shared by parsers. All results are epoch ms UTC, or undefined when the text is not a time. */

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parse an ISO 8601 / RFC 3339 time. A time without zone is taken as UTC (hospital exports often omit it;
 * documented in docs/formats.md). Returns undefined for anything else, including impossible dates.
 */
export function parseIsoTime(text: string): number | undefined {
  const s = text.trim();
  if (DATE_ONLY.test(s)) {
    const ms = Date.parse(`${s}T00:00:00Z`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (!ISO_LIKE.test(s)) return undefined;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(s);
  const ms = Date.parse(hasZone ? s.replace(' ', 'T') : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Parse epoch seconds with fraction (Zeek `ts`, CEF `rt` in s) into epoch ms. */
export function parseEpochSeconds(text: string): number | undefined {
  if (!/^\d{9,11}(\.\d+)?$/.test(text)) return undefined;
  return Math.round(Number(text) * 1000);
}

/** Parse epoch ms written as digits (CEF `rt`, many JSON exports). */
export function parseEpochMillis(text: string): number | undefined {
  if (!/^\d{12,14}$/.test(text)) return undefined;
  return Number(text);
}
