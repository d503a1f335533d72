/**
 * Normal hospital life, day by day: staff log on at shift start (Kerberos, Windows, occasional typo), map their
 * drives over Kerberos network logons, move between the unit's shared workstations, use the
 * EHR for the patients in their care — and for patients they legitimately touch without a listed relationship
 * (covering physicians, consults, pharmacy, lab, radiology, registration, billing after discharge) — work from
 * home over VPN, browse, and medical devices keep their regular traffic.
 */
import type { Encounter } from './care.js';
import { Emit } from './emit.js';
import { addressIn, HOME_PLACES, WEB_DESTINATIONS, type RemotePlace } from './places.js';
import { Random } from './random.js';
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

/**
 * Background habits of a domain: roaming over shared workstations, Kerberos network logons to servers, the
 * legacy NTLM minority. They draw from their own generator and emit through their own builder, so the draws and
 * record values of the rest of the activity stay exactly as they were before habits existed.
 */
interface Habits {
  rng: Random;
  emit: Emit;
  /** Workstations of each clinical unit (a floating nurse or physician works at another unit's). */
  unitStations: Map<string, { host: string; ip: string }[]>;
}

/** Servers IT admins log on to besides the member servers (PACS is left out: it only speaks NTLM). */
const ADMIN_SERVERS = [SERVERS.dc, SERVERS.fileServer, SERVERS.ehr, SERVERS.hl7Engine];

/** Everything normal for the whole period. */
export function simulateActivity(rng: Random, world: World, encounters: Encounter[], emit: Emit): void {
  const habitRng = new Random(world.habitSeed);
  const unitStations = new Map<string, { host: string; ip: string }[]>();
  for (const s of world.staff) {
    if (s.dormant || !s.dept.clinical) continue;
    let list = unitStations.get(s.dept.code);
    if (!list) unitStations.set(s.dept.code, (list = []));
    list.push(s.workstation);
  }
  const habits: Habits = { rng: habitRng, emit: new Emit(emit.buf, habitRng.fork('emit')), unitStations };
  for (let day = 0; day < world.days; day++) {
    const dayStart = world.start + day * DAY;
    staffDay(rng, world, encounters, emit, day, dayStart, habits);
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
  habits: Habits,
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
    shiftHabits(habits, s, shiftStartMs);
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
        // Kerberos network logon from a domain-joined workstation: a service ticket for the server (4769 on
        // the DC), then the server logs the logon (4624 type 3, package Kerberos, no workstation name).
        habits.emit.serviceTicket(t + k * 20 * MIN - 300, s.user, s.workstation.ip, `cifs/${srv.host}`);
        emit.winLogon(
          t + k * 20 * MIN,
          s.user,
          srv.host,
          s.workstation.ip,
          3,
          true,
          undefined,
          undefined,
          'Kerberos',
        );
      }
      // And a few more servers on most days: admins touch many of them.
      for (let k = habits.rng.int(0, 3); k > 0; k--) {
        const srv = habits.rng.pick([...ADMIN_SERVERS, ...world.memberServers]);
        const at = shiftStartMs + habits.rng.int(30, 450) * MIN;
        kerberosNetworkLogon(habits, s, srv.host, at);
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

/** A Kerberos network logon of `s` from their workstation to `host`: 4769 on the DC, 4624 type 3 on the server. */
function kerberosNetworkLogon(h: Habits, s: Staff, host: string, t: number): void {
  h.emit.serviceTicket(t - 300, s.user, s.workstation.ip, `cifs/${host}`);
  h.emit.winLogon(t, s.user, host, s.workstation.ip, 3, true, undefined, undefined, 'Kerberos');
}

/**
 * What a shift adds beyond the first logon: the mapped home and department drives (a Kerberos network logon to
 * the file server); logons at the unit's shared workstations, and on a few shifts at another unit's (floating);
 * and the legacy minority that still uses NTLM — the PACS server, which radiology reads images from.
 */
function shiftHabits(h: Habits, s: Staff, from: number): void {
  const r = h.rng;
  kerberosNetworkLogon(h, s, SERVERS.fileServer.host, from + r.int(40, 120) * 1000);
  const roams =
    s.roam.length === 0
      ? 0
      : s.role === 'nurse'
        ? r.int(1, 3)
        : r.chance(s.role === 'physician' ? 0.5 : 0.3)
          ? 1
          : 0;
  // Floating: a few shifts are (partly) worked on another clinical unit short of staff.
  const floating = (s.role === 'nurse' || s.role === 'physician') && s.dept.clinical && r.chance(0.04);
  for (let k = 0; k < roams + (floating ? 1 : 0); k++) {
    let ws = s.roam.length > 0 ? r.pick(s.roam) : s.workstation;
    if (floating && k === 0) {
      const units = [...h.unitStations.keys()].filter((c) => c !== s.dept.code);
      const stations = units.length > 0 ? h.unitStations.get(r.pick(units)) : undefined;
      if (stations && stations.length > 0) ws = r.pick(stations);
    }
    const t = from + r.int(30, 420) * MIN;
    h.emit.tgt(t - 1500, s.user, ws.ip);
    h.emit.winLogon(t, s.user, ws.host, ws.ip, 2, true);
    h.emit.winLogoff(t + r.int(5, 90) * MIN, s.user, ws.host, 2);
  }
  // PACS (legacy, NTLM only): the DC validates the credentials (4776), PACS logs the logon with the client's name.
  const pacs = s.role === 'radiology_tech' ? r.int(1, 3) : s.role === 'physician' && r.chance(0.08) ? 1 : 0;
  for (let k = 0; k < pacs; k++) {
    const t = from + r.int(20, 460) * MIN;
    h.emit.ntlmValidation(t - 200, s.user, s.workstation.host);
    h.emit.winLogon(t, s.user, SERVERS.pacs.host, s.workstation.ip, 3, true, undefined, s.workstation.host);
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

/** The town a member of staff connects from when working from home (stable per person). */
export function homePlaceOf(s: Staff): RemotePlace | undefined {
  return HOME_PLACES[hashIndex(s.id, HOME_PLACES.length)] ?? HOME_PLACES[0];
}

/** The gateway a role's remote sessions go through: telehealth for physicians, GlobalProtect for IT, else FortiGate. */
export function vpnOf(s: Staff): 'openvpn' | 'globalprotect' | 'fortigate' {
  return s.role === 'physician' ? 'openvpn' : s.role === 'it_admin' ? 'globalprotect' : 'fortigate';
}

/** An evening VPN / telehealth session from home. */
function remoteSession(rng: Random, emit: Emit, s: Staff, t: number): void {
  const place = homePlaceOf(s);
  if (!place) return;
  const ip = addressIn(rng, place);
  const tunnel = `10.8.${rng.int(0, 3)}.${rng.int(2, 250)}`;
  emit.vpnLogin(t, vpnOf(s), s.user, ip, place.country, true, tunnel);
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
