/**
 * Work patterns of the second hospital: twelve-hour nursing shifts (07:00–19:30, 19:00–07:30) three days a
 * week, hospitalists seven on / seven off, emergency physicians on staggered ten-hour shifts, residents six days
 * a week, clinics and offices on weekdays, evening remote coders. Times are local (UTC−6, no daylight saving in
 * the simulated weeks) and returned as epoch ms.
 */
import type { Staff } from './hospital.js';

/** Hospital local offset from UTC, hours (Central Standard Time). */
export const UTC_OFFSET_H = -6;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A shift: [start, end) epoch ms. */
export type Shift = readonly [number, number];

/** Epoch ms of local hour `h` (may be fractional or past 24) on window day `day`. */
export function at(t0: number, day: number, h: number): number {
  return t0 + day * DAY + Math.round(h * HOUR);
}

/** Day of week of a window day (the window starts on a Monday): 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return ((day % 7) + 7) % 7;
}

/** The shift a staff member works on window day `day`, if any. */
export function shiftOf(s: Staff, t0: number, day: number): Shift | undefined {
  const wd = weekday(day);
  const weekdayOnly = wd < 5;
  const cyc = (day + s.rota) % 7;
  const nursing = (): Shift | undefined =>
    [0, 2, 4].includes(cyc)
      ? s.nights
        ? [at(t0, day, 19), at(t0, day, 31.5)]
        : [at(t0, day, 7), at(t0, day, 19.5)]
      : undefined;
  switch (s.role) {
    case 'rn':
    case 'travel_rn':
    case 'float_rn':
      if (s.dept.kind === 'clinic') return weekdayOnly ? [at(t0, day, 7.5), at(t0, day, 17)] : undefined;
      return nursing();
    case 'student':
      return s.buddy ? shiftOf(s.buddy, t0, day) : undefined;
    case 'scribe':
      return s.buddy ? shiftOf(s.buddy, t0, day) : undefined;
    case 'hospitalist':
      if (Math.floor((day + s.rota) / 7) % 2 !== 0) return undefined;
      return s.nights ? [at(t0, day, 19), at(t0, day, 31)] : [at(t0, day, 7), at(t0, day, 19)];
    case 'attending':
    case 'app':
      if (s.dept.kind === 'ed') {
        if (![0, 1, 3, 5].includes(cyc)) return undefined;
        const start = [6, 14, 22][s.rota % 3] ?? 6;
        return [at(t0, day, start), at(t0, day, start + 10)];
      }
      if (s.dept.kind === 'icu')
        return [1, 2, 3, 4].includes(cyc) ? [at(t0, day, 6.5), at(t0, day, 18.5)] : undefined;
      if (weekdayOnly) return [at(t0, day, 7), at(t0, day, 18)];
      // Weekend rounding by one in seven inpatient physicians.
      return s.rota === wd && s.dept.kind === 'ward' ? [at(t0, day, 8), at(t0, day, 13)] : undefined;
    case 'resident':
      return cyc === 6
        ? undefined
        : s.rota === 0
          ? [at(t0, day, 18), at(t0, day, 30)]
          : [at(t0, day, 5.5), at(t0, day, 17.5)];
    case 'registration':
      if (cyc >= 5) return undefined;
      return s.nights
        ? [at(t0, day, 23), at(t0, day, 31.5)]
        : s.rota % 2 === 0
          ? [at(t0, day, 7), at(t0, day, 15.5)]
          : [at(t0, day, 14.5), at(t0, day, 23)];
    case 'pharmacist':
      if (cyc >= 5) return undefined;
      return s.rota % 3 === 0 ? [at(t0, day, 22), at(t0, day, 32.5)] : [at(t0, day, 6.5), at(t0, day, 17)];
    case 'transport':
      return cyc < 5 ? [at(t0, day, 6 + (s.rota % 2) * 8), at(t0, day, 14.5 + (s.rota % 2) * 8)] : undefined;
    case 'him':
      if (!weekdayOnly) return undefined;
      return s.rota % 3 === 0 ? [at(t0, day, 16.5), at(t0, day, 23)] : [at(t0, day, 8), at(t0, day, 16.5)];
    case 'therapist':
      return weekdayOnly || (wd === 5 && s.rota % 2 === 1) ? [at(t0, day, 8), at(t0, day, 16.5)] : undefined;
    case 'ma':
    case 'case_manager':
    case 'social_worker':
    case 'dietitian':
    case 'quality':
    case 'researcher':
    case 'rad_tech':
      return weekdayOnly ? [at(t0, day, 8), at(t0, day, 17)] : undefined;
  }
}
