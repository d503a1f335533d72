/**
 * Normal hospital life, day by day: staff log on at shift start (Kerberos, Windows, occasional typo), use the
 * EHR for the patients in their care — and for patients they legitimately touch without a listed relationship
 * (covering physicians, consults, pharmacy, lab, radiology, registration, billing after discharge) — work from
 * home over VPN, browse, and medical devices keep their regular traffic.
 */
import type { Encounter } from './care.js';
import type { Emit } from './emit.js';
import { addressIn, HOME_PLACES, WEB_DESTINATIONS } from './places.js';
import type { Random } from './random.js';
import type { AuditData } from './record.js';
import { adtFeed, deviceDay } from './devices.js';
import { onShift, SERVERS, shiftStart, type Staff, type World } from './world.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MIN = 60_000;

/** Which resource types a role reads in the EHR. */
const READS: Record<Staff['role'], string[]> = {
  physician: ['Observation', 'Condition', 'MedicationRequest', 'DiagnosticReport', 'DocumentReference'],
  nurse: ['Observation', 'MedicationAdministration', 'CarePlan', 'Observation'],
  pharmacist: ['MedicationRequest', 'AllergyIntolerance'],
  lab_tech: ['ServiceRequest', 'Observation'],
  radiology_tech: ['ServiceRequest', 'ImagingStudy'],
  registration: ['Patient', 'Coverage'],
  billing: ['Claim', 'Procedure', 'Coverage'],
  it_admin: ['Patient'],
};

/** Services whose tickets staff request at logon. */
const SERVICES = ['cifs/fs01', 'http/ehr-app01', 'ldap/dc01', 'host/ws-print'];

/** Everything normal for the whole period. */
export function simulateActivity(rng: Random, world: World, encounters: Encounter[], emit: Emit): void {
  for (let day = 0; day < world.days; day++) {
    const dayStart = world.start + day * DAY;
    staffDay(rng, world, encounters, emit, day, dayStart);
    deviceDay(rng, world, emit, dayStart);
  }
  adtFeed(rng, world, encounters, emit);
  stalePassword(rng, world, emit);
}

/**
 * Benign noise that looks like guessing: after a password change, a nurse's phone keeps retrying the old
 * password against the mail server every 5 minutes for an afternoon, until she updates it. Not in the truth:
 * an alert on it is a false positive, as it would be in a real hospital.
 */
function stalePassword(rng: Random, world: World, emit: Emit): void {
  const nurses = world.staff.filter((s) => s.role === 'nurse' && !s.dormant);
  if (nurses.length === 0) return;
  const s = rng.pick(nurses);
  const day = world.days > 1 ? 1 : 0;
  const from = world.start + day * DAY + 13 * HOUR;
  const phone = `10.30.${s.dept.subnet}.${rng.int(20, 200)}`;
  const tries = rng.int(40, 50);
  for (let k = 0; k < tries; k++)
    emit.winLogon(from + k * 5 * MIN + rng.int(0, 20_000), s.user, 'mail01', phone, 3, false);
  emit.winLogon(from + tries * 5 * MIN + 2 * MIN, s.user, 'mail01', phone, 3, true);
}

function access(
  emit: Emit,
  t: number,
  s: Staff,
  patient: string,
  resource: string,
  purpose: AuditData['purpose'] = 'TREAT',
): void {
  emit.ehr(t, {
    user: s.id,
    patient,
    purpose,
    action: resource === 'Observation' && s.role === 'nurse' ? 'C' : 'R',
    resource,
    ip: s.workstation.ip,
  });
}

function staffDay(
  rng: Random,
  world: World,
  encounters: Encounter[],
  emit: Emit,
  day: number,
  dayStart: number,
): void {
  const dayEnd = dayStart + DAY;
  const active = encounters.filter((e) => e.start < dayEnd && e.end > dayStart);
  const discharged = encounters.filter(
    (e) => e.end < dayStart && e.end > dayStart - 5 * DAY && e.cls !== 'AMB',
  );
  for (const s of world.staff) {
    if (s.dormant) continue;
    const startHour = shiftStart(s.shift);
    // Day-shift people with remote access work from home some evenings (telehealth, notes, billing); on the
    // first day all of them do, so each gateway has history before any scenario.
    if (s.remote && s.shift === 'day' && (day === 0 || rng.chance(0.2)))
      remoteSession(rng, emit, s, dayStart + rng.int(18, 21) * HOUR + rng.int(0, 3599) * 1000);
    if (!onShift(s, day, startHour)) continue;
    const shiftStartMs = dayStart + startHour * HOUR + rng.int(-10, 15) * MIN;
    const shiftEnd = shiftStartMs + 8 * HOUR + rng.int(0, 40) * MIN;
    // Logon: Kerberos TGT, a typo now and then, interactive logon, service tickets.
    if (rng.chance(0.04)) {
      const typo = rng.int(1, 2);
      for (let k = 0; k < typo; k++)
        emit.winLogon(
          shiftStartMs - (typo - k) * 15_000,
          s.user,
          s.workstation.host,
          s.workstation.ip,
          2,
          false,
        );
    }
    emit.tgt(shiftStartMs - 2000, s.user, s.workstation.ip);
    emit.winLogon(shiftStartMs, s.user, s.workstation.host, s.workstation.ip, 2, true);
    if (s.role === 'it_admin') emit.specialLogon(shiftStartMs + 50, s.user, s.workstation.host);
    for (const svc of rng.sample(SERVICES, 2))
      emit.serviceTicket(shiftStartMs + rng.int(1, 60) * 1000, s.user, s.workstation.ip, svc);
    emit.winLogoff(shiftEnd, s.user, s.workstation.host, 2);
    if (s.role === 'it_admin') {
      const t = shiftStartMs + rng.int(1, 6) * HOUR;
      emit.sshd(
        t,
        SERVERS.jump.host,
        `Accepted publickey for ${s.user} from ${s.workstation.ip} port ${rng.int(40000, 60000)} ssh2: RSA SHA256:${rng.hex(16)}`,
      );
      emit.sshd(
        t + rng.int(10, 90) * MIN,
        SERVERS.jump.host,
        `Disconnected from user ${s.user} ${s.workstation.ip} port ${rng.int(40000, 60000)}`,
      );
      for (let k = 0; k < 3; k++) {
        const srv = rng.pick(world.memberServers);
        // NTLM network logon: the DC validates the credentials (4776), the server logs the logon (4624).
        emit.ntlmValidation(t + k * 20 * MIN - 200, s.user, s.workstation.host);
        emit.winLogon(t + k * 20 * MIN, s.user, srv.host, s.workstation.ip, 3, true);
      }
    }
    // Network: EHR over HTTPS, file shares, some web.
    emit.conn(shiftStartMs + 30_000, {
      origH: s.workstation.ip,
      respH: SERVERS.ehr.ip,
      respP: 443,
      proto: 'tcp',
      service: 'ssl',
      duration: 8 * 3600 * rng.next(),
      origBytes: rng.int(2e5, 4e6),
      respBytes: rng.int(2e6, 6e7),
    });
    emit.conn(shiftStartMs + rng.int(1, 7) * HOUR, {
      origH: s.workstation.ip,
      respH: SERVERS.fileServer.ip,
      respP: 445,
      proto: 'tcp',
      service: 'smb',
      duration: rng.int(5, 600),
      origBytes: rng.int(1e4, 3e6),
      respBytes: rng.int(1e4, 2e7),
    });
    for (let k = rng.int(2, 6); k > 0; k--) {
      emit.conn(shiftStartMs + rng.next() * 8 * HOUR, {
        origH: s.workstation.ip,
        respH: rng.pick(WEB_DESTINATIONS),
        respP: 443,
        proto: 'tcp',
        service: 'ssl',
        duration: rng.int(1, 300),
        origBytes: rng.int(2e3, 2e6),
        respBytes: rng.int(1e4, 3e7),
      });
    }
    ehrWork(rng, emit, s, day, shiftStartMs, active, discharged);
  }
}

function inShift(e: Encounter, from: number, to: number): boolean {
  return e.start < to && e.end > from;
}

function ehrWork(
  rng: Random,
  emit: Emit,
  s: Staff,
  day: number,
  from: number,
  active: Encounter[],
  discharged: Encounter[],
): void {
  const to = from + 8 * HOUR;
  const when = (e: Encounter): number =>
    Math.max(from, e.start) + rng.next() * (Math.min(to, e.end) - Math.max(from, e.start));
  const reads = READS[s.role];
  const live = active.filter((e) => inShift(e, from, to));
  switch (s.role) {
    case 'physician':
    case 'nurse': {
      for (const e of live) {
        const mine = e.attending === s || e.team.includes(s);
        // Covering: colleagues of the unit read charts of patients they are not listed for (nights, weekends).
        const covering =
          !mine &&
          (e.dept === s.dept || e.transfer?.dept === s.dept) &&
          rng.chance(s.role === 'nurse' ? 0.25 : 0.12);
        const consult = e.consult === s && rng.chance(0.6);
        if (!mine && !covering && !consult) continue;
        const n = mine ? rng.int(3, 9) : rng.int(1, 2);
        const purpose = e.cls === 'EMER' && rng.chance(0.2) ? 'ETREAT' : 'TREAT';
        for (let k = 0; k < n; k++) access(emit, when(e), s, e.patient.id, rng.pick(reads), purpose);
      }
      break;
    }
    case 'pharmacist':
    case 'lab_tech':
    case 'radiology_tech': {
      const orders = live.filter(() => rng.chance(s.role === 'pharmacist' ? 0.3 : 0.15));
      for (const e of orders)
        for (let k = rng.int(1, 3); k > 0; k--) access(emit, when(e), s, e.patient.id, rng.pick(reads));
      break;
    }
    case 'registration': {
      for (const e of live.filter((x) => x.start >= from && x.start < to && rng.chance(0.5)))
        access(emit, e.start + rng.int(1, 20) * MIN, s, e.patient.id, rng.pick(reads), 'HOPERAT');
      break;
    }
    case 'billing': {
      for (const e of discharged.filter(() => rng.chance(0.15)))
        access(emit, from + rng.next() * 8 * HOUR, s, e.patient.id, rng.pick(reads), 'HPAYMT');
      break;
    }
    case 'it_admin':
      if (day % 3 === 0 && live[0])
        access(emit, from + rng.next() * 8 * HOUR, s, live[0].patient.id, 'Patient', 'HOPERAT');
      break;
    default: {
      const never: never = s.role;
      throw new Error(`unhandled role ${String(never)}`);
    }
  }
}

/** An evening VPN / telehealth session from home. */
function remoteSession(rng: Random, emit: Emit, s: Staff, t: number): void {
  const place = HOME_PLACES[hashIndex(s.id, HOME_PLACES.length)] ?? HOME_PLACES[0];
  if (!place) return;
  const ip = addressIn(rng, place);
  const tunnel = `10.8.${rng.int(0, 3)}.${rng.int(2, 250)}`;
  const vendor = s.role === 'physician' ? 'openvpn' : s.role === 'it_admin' ? 'globalprotect' : 'fortigate';
  emit.vpnLogin(t, vendor, s.user, ip, place.country, true, tunnel);
  emit.conn(t + 60_000, {
    origH: tunnel,
    respH: SERVERS.ehr.ip,
    respP: 443,
    proto: 'tcp',
    service: 'ssl',
    duration: rng.int(600, 5400),
    origBytes: rng.int(1e5, 2e6),
    respBytes: rng.int(1e6, 3e7),
  });
}

function hashIndex(s: string, n: number): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h % n;
}
