/**
 * HL7 v2.5.1 ADT rendering (A01 admit, A02 transfer, A03 discharge, A04 register, A08 update) with the
 * sender's segment separator. Segments: https://hl7-definition.caristix.com/v2/HL7v2.5.1/Segments/PV1
 */
import type { AdtData } from '../record.js';
import type { Patient } from '../world.js';

/** HL7 DTM (YYYYMMDDHHMMSS) of an epoch ms, UTC. */
export function hl7Time(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** One ADT message; `id` is MSH-10. */
export function adtMessage(id: string, time: number, a: AdtData, p: Patient): string {
  const pc = a.patientClass;
  const dob = p.birthDate.replace(/-/g, '');
  const segs = [
    `MSH|^~\\&|EHR|RGH|WARD|RGH|${hl7Time(time)}||ADT^${a.trigger}^ADT_${a.trigger === 'A08' ? 'A01' : a.trigger === 'A04' ? 'A01' : a.trigger}|${id}|P|2.5.1`,
    `EVN|${a.trigger}|${hl7Time(time)}`,
    `PID|1||${p.id}^^^RGH^MR||${p.family}^${p.given}||${dob}|${p.gender === 'female' ? 'F' : 'M'}|||${p.home.line}^^${p.home.city}^WI^${p.home.postalCode}^US`,
    [
      'PV1',
      '1',
      pc,
      `${a.dept}^^^RGH`,
      '',
      '',
      a.priorDept !== undefined ? `${a.priorDept}^^^RGH` : '',
      `${a.attending}^^^^^^^^^^^^EMPLOYEE`,
      '',
      '',
      a.dept,
      '',
      '',
      '',
      '',
      '',
      p.labels.includes('VIP') ? 'Y' : '',
      '',
      '',
      a.encounter,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      hl7Time(a.admit),
      a.discharge !== undefined ? hl7Time(a.discharge) : '',
    ].join('|'),
  ];
  return segs.join(a.sep);
}
