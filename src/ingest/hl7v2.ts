/**
 * HL7 v2 ADT parser: admit / transfer / discharge / register / update / cancel / merge messages become context —
 * one `adt` record per message (ref = MSH-10, the HL7 source id of DESIGN.md) plus one `patient` record per PID
 * carrying the demographics, so context knows the patient even when no FHIR export exists.
 *
 * Input: one or many messages per file, segments ended by CR, LF or CRLF, optionally MLLP-framed
 * (0x0B … 0x1C 0x0D), a UTF-8 BOM and trailing `|` runs tolerated. A message starts at a line beginning `MSH`;
 * the separators come from MSH-1/MSH-2 of each message. Fields read (v2.8 definitions, compatible back to 2.3):
 * https://hl7-definition.caristix.com/v2/HL7v2.8/Segments/MSH (and …/EVN, …/PID, …/PD1, …/PV1, …/MRG).
 *
 * Patient references: v2 has no FHIR id, so the `patient` record's ref is `Patient/<first PID-3 id>`, while the
 * `adt` record's `patient` is the bare first PID-3 value (as EHR audit exports name it). `identifiers` carry every
 * PID-3 id as `<CX.4 assigning authority>|<value>` for matching against FHIR patients.
 *
 * Mapping choices: PV1-3 / PV1-6 locations are point of care/room/bed/facility joined with `/` (the ward alone
 * is added too); PID-8 becomes FHIR gender (M → male …); PV1-16 `Y` means `VIP`; PD1-4 (primary care provider)
 * becomes the patient's practitioners and PD1-12 = Y (protection indicator) the `R` security label. Field access
 * and data types live in hl7v2-fields.ts.
 *
 * Rejections: lines before any MSH or that are not segments → `bad_hl7` (grouped per run of lines); bad MSH
 * separators → `bad_hl7`; empty MSH-10 or MSH-9 → `missing_field`; non-ADT messages → `unsupported_type`
 * (deliberate skip); unparseable EVN-2/MSH-7 → `bad_time`; a message over 8 MiB → `record_too_large`; a
 * message still open when the input broke off → `bad_hl7`. Unparseable optional fields (birth date, admit time)
 * are left out rather than losing the whole message.
 */
import { clipRaw, MAX_DEAD_LETTER_RAW } from '../model/index.js';
import type { Address, ContextRecord, RejectReason } from '../model/index.js';
import {
  addressOf,
  encodingOf,
  hl7Date,
  isSepChar,
  joinPlace,
  parseDtm,
  repIds,
  splitReps,
  val,
} from './hl7v2-fields.js';
import type { Enc } from './hl7v2-fields.js';
import type { FormatParser, ParseContext, RecordParser } from './parser.js';

/** An ADT message is a few KB; this bounds memory when a file has one MSH followed by megabytes of lines. */
const MAX_MESSAGE_CHARS = 8 * 1024 * 1024;
/** HL7 v2 ADT messages (files, MLLP captures) as patient and visit context. */
export const hl7v2Parser: FormatParser = {
  id: 'hl7v2',
  description: 'HL7 v2 ADT messages (CR/LF segments, MLLP framing) as adt and patient context',
  sniff(sample) {
    let i = 0;
    while (i < sample.length && isFiller(sample.charCodeAt(i))) i++;
    const head = sample.slice(i, i + 8);
    if (/^(MSH|FHS|BHS)[^A-Za-z0-9\s]{2}/.test(head)) return head.startsWith('MSH') ? 1 : 0.95;
    return /[\r\n]MSH\|\^~/.test(sample.slice(0, 4096)) ? 0.6 : 0;
  },
  open(ctx) {
    return new Hl7Reader(ctx);
  },
};

/** BOM, MLLP start block, whitespace: what may precede the first segment. */
function isFiller(c: number): boolean {
  return c === 0xfeff || c === 0x0b || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

class Hl7Reader implements RecordParser {
  private segs: string[] = [];
  private inMsg = false;
  private tooLarge = false;
  private fieldSep = '|';
  private msgStart = 0;
  private msgEnd = 0;
  private msgChars = 0;
  private strayCount = 0;
  private strayStart = 0;
  private strayEnd = 0;
  private strayRaw = '';
  private strayInMsg = false;
  private sawContent = false;

  constructor(private readonly ctx: ParseContext) {}

  line(text: string, lineNo: number): void {
    // The reader splits on LF only: CR-terminated segments (the standard) and MLLP frames arrive inside one line.
    let fs = text.indexOf('\x1c');
    if (fs < 0 && text.indexOf('\r') < 0) return this.segment(text, lineNo);
    let start = 0;
    for (;;) {
      const cr = text.indexOf('\r', start);
      const end = cr < 0 ? text.length : cr;
      while (fs >= 0 && fs < end) {
        // 0x1C ends an MLLP frame: the message is complete even without a following MSH.
        this.segment(text.slice(start, fs), lineNo);
        this.flush();
        start = fs + 1;
        fs = text.indexOf('\x1c', start);
      }
      this.segment(text.slice(start, end), lineNo);
      if (cr < 0) return;
      start = cr + 1;
    }
  }

  end(truncated: boolean): void {
    this.flushStray();
    if (truncated && this.inMsg) {
      this.inMsg = false;
      const raw = this.segs.join('\n');
      this.segs = [];
      this.reject(
        'bad_hl7',
        'input broke off inside this message; it may be incomplete',
        raw,
        this.position(),
      );
    } else {
      this.flush();
    }
    if (!this.sawContent) this.reject('empty_input', 'no HL7 segments in input', '', '0');
  }

  private segment(s: string, lineNo: number): void {
    let b = 0;
    while (b < s.length && (s.charCodeAt(b) === 0x0b || s.charCodeAt(b) === 0xfeff)) b++;
    if (b > 0) s = s.slice(b);
    if (s.length === 0 || (s.charCodeAt(0) <= 0x20 && s.trim() === '')) return;
    this.sawContent = true;
    const id = s.slice(0, 3);
    if (id === 'MSH' && s.length > 3 && isSepChar(s[3])) {
      this.flushStray();
      this.flush();
      this.inMsg = true;
      this.tooLarge = false;
      this.fieldSep = s[3]!;
      this.segs = [s];
      this.msgStart = this.msgEnd = lineNo;
      this.msgChars = s.length;
      return;
    }
    if (this.inMsg && this.isSegment(s, id)) {
      this.flushStray();
      // Batch envelopes (FHS/BHS … BTS/FTS) wrap messages; they carry no context of their own.
      if (id === 'BTS' || id === 'FTS' || id === 'BHS' || id === 'FHS') return this.flush();
      this.msgEnd = lineNo;
      if (this.tooLarge) return;
      this.msgChars += s.length;
      if (this.msgChars > MAX_MESSAGE_CHARS) this.tooLarge = true;
      else this.segs.push(s);
      return;
    }
    if (!this.inMsg && (id === 'FHS' || id === 'BHS' || id === 'BTS' || id === 'FTS') && isSepChar(s[3]))
      return;
    if (this.strayCount === 0) {
      this.strayStart = lineNo;
      this.strayInMsg = this.inMsg;
      this.strayRaw = '';
    }
    this.strayCount++;
    this.strayEnd = lineNo;
    if (this.strayRaw.length < MAX_DEAD_LETTER_RAW) this.strayRaw = clipRaw(this.strayRaw + s + '\n');
  }

  private isSegment(s: string, id: string): boolean {
    return /^[A-Z][A-Z0-9]{2}$/.test(id) && (s.length === 3 || s[3] === this.fieldSep);
  }

  private flushStray(): void {
    if (this.strayCount === 0) return;
    const n = this.strayCount;
    const where = this.strayInMsg
      ? 'inside a message are not HL7 segments'
      : 'are outside any message (no MSH before)';
    const pos =
      this.strayStart === this.strayEnd ? `${this.strayStart}` : `${this.strayStart}-${this.strayEnd}`;
    this.strayCount = 0;
    this.reject('bad_hl7', `${n} line(s) ${where}`, this.strayRaw, pos);
    this.strayRaw = '';
  }

  private flush(): void {
    if (!this.inMsg) return;
    this.inMsg = false;
    const segs = this.segs;
    this.segs = [];
    if (this.tooLarge) {
      const detail = `message is over ${MAX_MESSAGE_CHARS} characters (lines ${this.position()})`;
      this.reject('record_too_large', detail, segs.join('\n'), this.position());
      return;
    }
    const failure = parseMessage(segs, this.ctx);
    if (failure) this.reject(failure[0], failure[1], segs.join('\n'), this.position());
  }

  private position(): string {
    return this.msgStart === this.msgEnd ? `${this.msgStart}` : `${this.msgStart}-${this.msgEnd}`;
  }

  private reject(reason: RejectReason, detail: string, raw: string, position: string): void {
    this.ctx.sink.reject({ reason, detail, raw: clipRaw(raw), position });
  }
}

/** Parse one complete message; returns a rejection (reason, detail) or undefined after emitting its records. */
function parseMessage(segs: string[], ctx: ParseContext): [RejectReason, string] | undefined {
  const source = ctx.source;
  const msh = segs[0]!;
  const enc = encodingOf(msh);
  if (!enc) return ['bad_hl7', `MSH-2 encoding characters "${msh.slice(4, 9)}" are not valid separators`];
  const fieldSep = enc.field;
  // MSH-1 is the field separator itself, so MSH-n sits at split index n-1; shift it to index n like other segments.
  const m = msh.split(fieldSep);
  m.unshift('MSH');
  const controlId = val(m[10], enc);
  if (!controlId) return ['missing_field', 'MSH-10 (message control id) is empty'];
  const cid = short(controlId); // for details only: the ref keeps the id exactly
  const type = val(m[9], enc);
  if (!type) return ['missing_field', `MSH-9 (message type) is empty in message ${cid}`];
  const trigger = val(m[9], enc, 2);
  if (type !== 'ADT') {
    return ['unsupported_type', `message ${cid} is ${short(type)}^${short(trigger)}, not ADT`];
  }

  let evn: string[] | undefined;
  let pv1: string[] | undefined;
  const pids: { pid: string[]; pd1?: string[]; mrg?: string[] }[] = [];
  for (let i = 1; i < segs.length; i++) {
    const s = segs[i]!;
    const id = s.slice(0, 3);
    if (id === 'EVN') evn ??= s.split(fieldSep);
    else if (id === 'PV1') pv1 ??= s.split(fieldSep);
    else if (id === 'PID') pids.push({ pid: s.split(fieldSep) });
    else if (id === 'PD1' && pids.length > 0) pids[pids.length - 1]!.pd1 ??= s.split(fieldSep);
    else if (id === 'MRG' && pids.length > 0) pids[pids.length - 1]!.mrg ??= s.split(fieldSep);
  }

  const evnTime = val(evn?.[2], enc);
  const mshTime = val(m[7], enc);
  const time = parseDtm(evnTime) ?? parseDtm(mshTime);
  if (time === undefined) {
    if (!evnTime && !mshTime) return ['missing_field', `message ${cid} has neither EVN-2 nor MSH-7 time`];
    return [
      'bad_time',
      `message ${cid}: EVN-2 "${short(evnTime)}" / MSH-7 "${short(mshTime)}" are not HL7 times`,
    ];
  }

  const patients: ContextRecord[] = [];
  for (const p of pids) {
    const rec = patientOf(p.pid, p.pd1, p.mrg, enc, source, time, controlId);
    if (!rec) return ['missing_field', `message ${cid}: PID-3 (patient identifier) is empty`];
    patients.push(rec);
  }

  const adt: ContextRecord = { kind: 'adt', ref: controlId, source, time };
  const first = patients[0];
  if (first) {
    adt.patient = first.ref.slice('Patient/'.length);
    if (first.family !== undefined) adt.family = first.family;
    if (first.given) adt.given = first.given;
    if (first.birthDate !== undefined) adt.birthDate = first.birthDate;
    if (first.gender !== undefined) adt.gender = first.gender;
    if (first.address) adt.address = first.address;
    if (first.deceased !== undefined) adt.deceased = first.deceased;
    if (first.identifiers) adt.identifiers = first.identifiers;
  }
  const codes: string[] = [];
  const event = trigger || val(evn?.[1], enc);
  if (event) codes.push(event);
  const attrs: Record<string, string> = {
    messageType: [type, trigger, val(m[9], enc, 3)].filter(Boolean).join('^'),
  };
  putAttr(attrs, 'version', val(m[12], enc));
  putAttr(attrs, 'sendingApplication', val(m[3], enc));
  putAttr(attrs, 'sendingFacility', val(m[4], enc));
  putAttr(attrs, 'operator', val(evn?.[5], enc));
  if (first?.attrs?.mergedFrom) attrs.mergedFrom = first.attrs.mergedFrom;
  if (pv1) {
    const patientClass = val(pv1[2], enc);
    if (patientClass) {
      codes.push(patientClass);
      attrs.patientClass = patientClass;
    }
    const practitioners: string[] = [];
    for (const [n, role] of [
      [7, 'attending'],
      [8, 'referring'],
      [9, 'consulting'],
      [17, 'admitting'],
    ] as const) {
      const ids = repIds(pv1[n], enc);
      if (ids[0]) attrs[role] = ids[0];
      for (const id of ids) if (!practitioners.includes(id)) practitioners.push(id);
    }
    if (practitioners.length > 0) adt.practitioners = practitioners;
    const place = joinPlace(pv1[3], enc);
    if (place) {
      const ward = val(pv1[3], enc, 1);
      adt.location = ward && ward !== place ? [place, ward] : [place];
    }
    const start = parseDtm(val(pv1[44], enc));
    const end = parseDtm(val(pv1[45], enc));
    if (start !== undefined || end !== undefined) {
      adt.period = {};
      if (start !== undefined) adt.period.start = start;
      if (end !== undefined) adt.period.end = end;
    }
    putAttr(attrs, 'visitNumber', val(pv1[19], enc));
    putAttr(attrs, 'priorLocation', joinPlace(pv1[6], enc));
    putAttr(attrs, 'hospitalService', val(pv1[10], enc));
    const vip = val(pv1[16], enc);
    putAttr(attrs, 'vipIndicator', vip);
    // PV1-16 is user-defined table 0099: sites send a code such as `VIP`, or Y/N.
    const label = vip === 'Y' ? 'VIP' : vip === 'N' ? '' : vip;
    if (label && first) first.securityLabels = addUnique(first.securityLabels, label);
    else if (label) adt.securityLabels = [label];
  }
  if (first?.securityLabels) adt.securityLabels = first.securityLabels;
  if (codes.length > 0) adt.codes = codes;
  adt.attrs = attrs;
  ctx.sink.context(adt);
  for (const p of patients) ctx.sink.context(p);
  return undefined;
}

/** The `patient` record of one PID (with its PD1 and, in merges, MRG); undefined when PID-3 has no id. */
function patientOf(
  pid: string[],
  pd1: string[] | undefined,
  mrg: string[] | undefined,
  enc: Enc,
  source: string,
  time: number,
  controlId: string,
): ContextRecord | undefined {
  const identifiers: string[] = [];
  // PID-2 (external id) is how some v2.3 senders carry the MRN; used only when PID-3 is empty.
  for (const raw of splitReps(pid[3] || pid[2], enc)) {
    const value = val(raw, enc, 1);
    if (!value) continue;
    const authority = val(raw, enc, 4) || val(raw, enc, 4, 2);
    identifiers.push(`${authority}|${value}`);
  }
  const firstId = identifiers[0];
  if (firstId === undefined) return undefined;
  const rec: ContextRecord = {
    kind: 'patient',
    ref: `Patient/${firstId.slice(firstId.indexOf('|') + 1)}`,
    source,
    time,
  };
  // The first PID-5 repetition is the primary (legal) name; family is FN.1 (surname) of XPN.1.
  const name = splitReps(pid[5], enc)[0];
  const family = val(name, enc, 1);
  if (family) rec.family = family;
  const given = [val(name, enc, 2), val(name, enc, 3)].filter(Boolean);
  if (given.length > 0) rec.given = given;
  const birthDate = hl7Date(val(pid[7], enc));
  if (birthDate) rec.birthDate = birthDate;
  const gender = val(pid[8], enc);
  if (gender) rec.gender = GENDER[gender] ?? gender;
  const address: Address[] = [];
  for (const raw of splitReps(pid[11], enc)) {
    const a = addressOf(raw, enc);
    if (a) address.push(a);
  }
  if (address.length > 0) rec.address = address;
  const deathRaw = val(pid[29], enc);
  const death = parseDtm(deathRaw);
  const deadFlag = val(pid[30], enc);
  if (death !== undefined) rec.deceased = new Date(death).toISOString();
  else if (deathRaw || deadFlag === 'Y') rec.deceased = true;
  else if (deadFlag === 'N') rec.deceased = false;
  rec.identifiers = identifiers;
  if (pd1) {
    const gp = repIds(pd1[4], enc);
    if (gp.length > 0) rec.practitioners = gp;
    // PD1-12 protection indicator Y: the patient asked for restricted access (v3 Confidentiality R).
    if (val(pd1[12], enc) === 'Y') rec.securityLabels = ['R'];
  }
  rec.attrs = { controlId };
  const mergedFrom = val(mrg?.[1], enc);
  if (mergedFrom) rec.attrs.mergedFrom = mergedFrom;
  return rec;
}

const GENDER: Record<string, string> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  U: 'unknown',
  N: 'unknown',
};

/** A value cut for a rejection detail: names the field's content without dumping it. */
function short(s: string): string {
  return s.length <= 40 ? s : `${s.slice(0, 40)}…`;
}

function putAttr(attrs: Record<string, string>, key: string, value: string): void {
  if (value) attrs[key] = value;
}

function addUnique(list: string[] | undefined, v: string): string[] {
  if (!list) return [v];
  return list.includes(v) ? list : [...list, v];
}
