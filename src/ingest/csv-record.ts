/**
 * RFC 4180 CSV record assembly for line-fed input (https://www.rfc-editor.org/rfc/rfc4180): quoted fields may hold
 * the delimiter, doubled quotes and line breaks, so a record can span lines. Lenient where exports are sloppy: a
 * quote inside an unquoted field is kept as text, and text after a closing quote is appended to the field.
 */

const QUOTE = 34;

/** Assembles one record at a time from lines; holds the state of a quoted field left open at a line end. */
export class CsvRecordAssembler {
  /** Set when the record being assembled passed `maxChars`; its fields are then not kept. */
  tooLarge = false;
  private fields: string[] = [];
  private cur = '';
  private inQuotes = false;
  private fieldStart = true;
  private size = 0;

  constructor(
    readonly delimiter: string,
    private readonly maxChars: number,
  ) {}

  /** True while a quoted field continues on the next line. */
  get open(): boolean {
    return this.inQuotes;
  }

  /**
   * Feed one line (without its terminator). Returns the record's fields once it is complete, or undefined while
   * a quoted field is still open. When `tooLarge` is set, the returned array is empty.
   */
  feed(line: string): string[] | undefined {
    this.size += line.length + 1;
    if (this.size > this.maxChars && !this.tooLarge) {
      this.tooLarge = true;
      this.fields = [];
      this.cur = '';
    }
    const keep = !this.tooLarge;
    const d = this.delimiter;
    let i = 0;
    for (;;) {
      if (this.inQuotes) {
        const q = line.indexOf('"', i);
        if (q === -1) {
          if (keep) this.cur += line.slice(i) + '\n';
          return undefined;
        }
        if (keep) this.cur += line.slice(i, q);
        if (line.charCodeAt(q + 1) === QUOTE) {
          if (keep) this.cur += '"';
          i = q + 2;
          continue;
        }
        this.inQuotes = false;
        i = q + 1;
      } else if (this.fieldStart && line.charCodeAt(i) === QUOTE) {
        this.inQuotes = true;
        this.fieldStart = false;
        i++;
        continue;
      }
      this.fieldStart = false;
      const end = line.indexOf(d, i);
      if (end === -1) {
        if (keep) this.cur += line.slice(i);
        break;
      }
      if (keep) this.fields.push(this.cur + line.slice(i, end));
      this.cur = '';
      this.fieldStart = true;
      i = end + d.length;
    }
    const out = this.fields;
    if (keep) out.push(this.cur);
    this.fields = [];
    this.cur = '';
    this.fieldStart = true;
    this.size = 0;
    return out;
  }

  /** Drop a record still being assembled (input ended inside a quoted field). */
  reset(): void {
    this.fields = [];
    this.cur = '';
    this.inQuotes = false;
    this.fieldStart = true;
    this.size = 0;
    this.tooLarge = false;
  }
}

/** The delimiter of a header line: whichever of `,` `;` tab occurs most (ties: comma). */
export function detectDelimiter(header: string): string {
  let comma = 0;
  let semi = 0;
  let tab = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === 44) comma++;
    else if (c === 59) semi++;
    else if (c === 9) tab++;
  }
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma) return ';';
  return ',';
}
