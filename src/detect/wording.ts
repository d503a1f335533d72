/** Number, duration and list wording for alert reasons, independent of the machine's locale. */

/** `3561` → `3,561`. */
export function fmtInt(n: number): string {
  const s = String(Math.round(n));
  const neg = s.startsWith('-');
  const d = neg ? s.slice(1) : s;
  let out = '';
  for (let i = 0; i < d.length; i++) {
    if (i > 0 && (d.length - i) % 3 === 0) out += ',';
    out += d.charAt(i);
  }
  return neg ? `-${out}` : out;
}

/** A duration in the two largest units: `10 s`, `2 min 43 s`, `20 h 5 min`, `24 h`, `3 d 4 h`. */
export function fmtSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  // Hours up to two days read better than "1 d 3 h" for windows such as 24 h.
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** `n` and the noun, plural when needed: `1 account`, `3 accounts`. */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${fmtInt(n)} ${n === 1 ? noun : many}`;
}

/** The first `limit` items joined with commas, then `and N more` when there were more. */
export function fmtList(items: readonly string[], total: number, limit: number): string {
  const shown = items.slice(0, limit).join(', ');
  return total > limit ? `${shown} and ${fmtInt(total - limit)} more` : shown;
}
