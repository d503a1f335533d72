/**
 * Exfiltration, device and multi-stage scenarios: large uploads (from a workstation, a DHCP laptop on a reused
 * address, a VPN tunnel to a new destination), USB copies, EHR report exports, medical devices misbehaving,
 * ransomware. Benign look-alikes (backups, PACS archiving, nightly exports, teleradiology) are in
 * ../data-movement.ts.
 */
import { macOf } from '../data-movement.js';
import { addressIn, externalAddress, FOREIGN_PLACES, HOME_PLACES } from '../places.js';
import type { SimRecord } from '../record.js';
import type { ScenarioDef } from '../scenario.js';
import { SERVERS } from '../world.js';
import { DAY, HOUR, inShiftOf, MIN, pickStaff, pref } from './pick.js';

export const NETWORK_SCENARIOS: ScenarioDef[] = [
  {
    type: 'exfil_large_upload',
    family: 'exfiltration',
    detectors: ['exfil.large_upload', 'exfil.new_external_destination'],
    description: 'a workstation uploads gigabytes to an external address it never used',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['billing', 'physician', 'nurse']);
      const dst = externalAddress(ctx.rng);
      const events = [0, 1, 2].map((k) =>
        ctx.emit.conn(at + k * 20 * MIN, {
          origH: s.workstation.ip,
          respH: dst,
          respP: 443,
          proto: 'tcp',
          service: 'ssl',
          duration: 1100 + ctx.rng.int(0, 100),
          origBytes: ctx.rng.int(8e8, 2.5e9),
          respBytes: ctx.rng.int(2e5, 9e5),
        }),
      );
      return {
        start: at,
        end: at + 60 * MIN,
        entities: { srcIp: s.workstation.ip, host: s.workstation.host },
        events,
        note: `to ${dst}`,
      };
    },
  },
  {
    type: 'exfil_new_destination',
    family: 'exfiltration',
    detectors: ['exfil.new_external_destination'],
    description:
      'a user working from home over the VPN sends a few hundred MB (under the daily-volume floor) to an address no host used before',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['physician', 'billing', 'it_admin']);
      const place = ctx.rng.pick(HOME_PLACES);
      const pub = addressIn(ctx.rng, place);
      const tunnel = `10.8.${ctx.rng.int(0, 3)}.${ctx.rng.int(2, 250)}`;
      const t = Math.floor(at / DAY) * DAY + 20 * HOUR + ctx.rng.int(0, 59) * MIN;
      const dst = externalAddress(ctx.rng);
      const events: SimRecord[] = [
        ...ctx.emit.vpnLogin(t, 'fortigate', s.user, pub, place.country, true, tunnel),
      ];
      for (let k = 0; k < 3; k++)
        events.push(
          ctx.emit.conn(t + 5 * MIN + k * 15 * MIN, {
            origH: tunnel,
            respH: dst,
            respP: 443,
            proto: 'tcp',
            service: 'ssl',
            duration: ctx.rng.int(300, 800),
            origBytes: ctx.rng.int(100e6, 150e6),
            respBytes: ctx.rng.int(1e5, 5e5),
          }),
        );
      return {
        start: t,
        end: t + 50 * MIN,
        entities: { user: s.user, srcIp: tunnel },
        events,
        note: `to ${dst} through VPN tunnel ${tunnel}`,
      };
    },
  },
  {
    type: 'exfil_laptop_upload',
    family: 'exfiltration',
    detectors: ['exfil.large_upload', 'exfil.new_external_destination'],
    description:
      'a laptop on a DHCP address another laptop held the day before uploads gigabytes; only the lease and the logon at that time name the user',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['physician', 'billing', 'registration', 'it_admin']);
      const other = pickStaff(ctx, ['nurse', 'physician']);
      const ip = `10.40.${s.dept.subnet}.${ctx.rng.int(20, 200)}`;
      const mine = `lt-${s.dept.code.toLowerCase()}-${ctx.rng.int(100, 499)}`;
      const theirs = `lt-${other.dept.code.toLowerCase()}-${ctx.rng.int(500, 999)}`;
      const day = Math.floor(at / DAY) * DAY;
      // The day before, a colleague's laptop held the address.
      const y = day - 14 * HOUR;
      ctx.emit.dhcpAck(y, ip, macOf(theirs), theirs);
      ctx.emit.winLogon(y + MIN, other.user, theirs, '127.0.0.1', 2, true);
      const t = day + 13 * HOUR + ctx.rng.int(0, 59) * MIN;
      const dst = externalAddress(ctx.rng);
      const events: SimRecord[] = [
        ctx.emit.dhcpAck(t, ip, macOf(mine), mine),
        ctx.emit.winLogon(t + MIN, s.user, mine, '127.0.0.1', 2, true),
      ];
      for (let k = 0; k < 3; k++)
        events.push(
          ctx.emit.conn(t + 20 * MIN + k * 15 * MIN, {
            origH: ip,
            respH: dst,
            respP: 443,
            proto: 'tcp',
            service: 'ssl',
            duration: ctx.rng.int(600, 900),
            origBytes: ctx.rng.int(6e8, 1.2e9),
            respBytes: ctx.rng.int(2e5, 9e5),
          }),
        );
      return {
        start: t,
        end: t + 60 * MIN,
        entities: { user: s.user, host: mine, srcIp: ip },
        events,
        note: `${ip} held by ${theirs} (${other.user}) the day before; to ${dst}`,
      };
    },
  },
  {
    type: 'exfil_removable_media',
    family: 'exfiltration',
    detectors: ['exfil.removable_media'],
    description: 'a user plugs in a USB disk and copies hundreds of files to it at their workstation',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['billing', 'registration', 'nurse', 'physician']);
      const t = inShiftOf(s, at);
      const host = s.workstation.host;
      const events: SimRecord[] = [ctx.emit.usbDevice(t, host, 'SanDisk Ultra USB 3.0 USB Device')];
      const n = ctx.rng.int(150, 400);
      let w = t + MIN;
      for (let k = 0; k < n; k++) {
        w += ctx.rng.int(3, 8) * 1000;
        events.push(ctx.emit.usbWrite(w, s.user, host, `export\\patients-${String(k).padStart(4, '0')}.pdf`));
      }
      return { start: t, end: w + MIN, entities: { user: s.user, host }, events, note: `${n} files` };
    },
  },
  {
    type: 'exfil_ehr_export',
    family: 'exfiltration',
    detectors: ['exfil.ehr_export'],
    description:
      'an office or lab user exports a report of tens of thousands of patient records from the EHR',
    inject(ctx, at) {
      const s = pickStaff(ctx, ['billing', 'registration', 'it_admin', 'lab_tech']);
      const t = inShiftOf(s, at);
      const records = ctx.rng.int(8000, 30000);
      const events = [
        ctx.emit.ehrExport(
          t,
          s.id,
          s.workstation.ip,
          'DocumentReference/report-ar-aging-demographics',
          records,
        ),
      ];
      return {
        start: t,
        end: t + MIN,
        entities: { user: pref(s), srcIp: s.workstation.ip },
        events,
        note: `${records} records`,
      };
    },
  },
  {
    type: 'device_internet',
    family: 'device',
    detectors: ['device.new_destination'],
    description: 'an infusion pump connects to an address on the internet',
    inject(ctx, at) {
      const d = ctx.rng.pick(ctx.world.devices.filter((x) => x.kind === 'infusion_pump'));
      const dst = externalAddress(ctx.rng);
      const events = [0, 1, 2, 3].map((k) =>
        ctx.emit.conn(at + k * 5 * MIN, {
          origH: d.ip,
          respH: dst,
          respP: ctx.rng.pick([443, 8080, 4444]),
          proto: 'tcp',
          duration: ctx.rng.int(2, 30),
          origBytes: ctx.rng.int(2e3, 9e4),
          respBytes: ctx.rng.int(1e4, 5e5),
        }),
      );
      return { start: at, end: at + 16 * MIN, entities: { srcIp: d.ip, device: d.id }, events };
    },
  },
  {
    type: 'device_new_protocol',
    family: 'device',
    detectors: ['device.new_protocol'],
    description: 'a patient monitor starts speaking SSH / SMB to an internal host',
    inject(ctx, at) {
      const d = ctx.rng.pick(ctx.world.devices.filter((x) => x.kind === 'patient_monitor'));
      const target = ctx.rng.pick(ctx.world.memberServers);
      const port = ctx.rng.pick([22, 445, 23]);
      const events = [0, 1, 2].map((k) =>
        ctx.emit.conn(at + k * 2 * MIN, {
          origH: d.ip,
          respH: target.ip,
          respP: port,
          proto: 'tcp',
          service: port === 445 ? 'smb' : port === 22 ? 'ssh' : undefined,
          duration: ctx.rng.int(1, 60),
          origBytes: ctx.rng.int(500, 9e3),
          respBytes: ctx.rng.int(500, 9e3),
        }),
      );
      return {
        start: at,
        end: at + 5 * MIN,
        entities: { srcIp: d.ip, device: d.id },
        events,
        note: `tcp/${port}`,
      };
    },
  },
  {
    type: 'ransomware_chain',
    family: 'multi_stage',
    detectors: [
      'auth.new_country',
      'auth.privilege_escalation',
      'auth.lateral_movement',
      'network.smb_mass_write',
      'exfil.large_upload',
    ],
    description:
      'phished VPN login from a new country → privilege escalation → lateral fan-out → mass SMB writes and a large upload, over three days',
    spanDays: 3,
    inject(ctx, at) {
      const s = pickStaff(ctx, ['billing', 'physician']);
      const far = ctx.rng.pick(FOREIGN_PLACES);
      const pub = addressIn(ctx.rng, far);
      const tunnel = '10.8.3.77';
      const events: SimRecord[] = [];
      // Day 1 evening: the phished credentials are used over the VPN, then a quiet look around.
      const t1 = Math.floor(at / DAY) * DAY + 21 * HOUR;
      events.push(...ctx.emit.vpnLogin(t1, 'fortigate', s.user, pub, far.country, true, tunnel));
      events.push(
        ctx.emit.tgt(t1 + 2 * MIN, s.user, tunnel),
        ctx.emit.winLogon(t1 + 3 * MIN, s.user, SERVERS.fileServer.host, tunnel, 3, true),
      );
      // Day 2 night: privilege escalation.
      const t2 = t1 + DAY + 5 * HOUR;
      events.push(...ctx.emit.vpnLogin(t2 - 10 * MIN, 'fortigate', s.user, pub, far.country, true, tunnel));
      events.push(
        ctx.emit.accountChange(t2, 4728, s.user, s.user, 'Domain Admins'),
        ctx.emit.winLogon(t2 + MIN, s.user, SERVERS.dc.host, tunnel, 3, true),
        ctx.emit.specialLogon(t2 + MIN + 10, s.user, SERVERS.dc.host),
      );
      // Lateral fan-out an hour later.
      const targets = ctx.rng.sample(ctx.world.memberServers, 16);
      targets.forEach((m, k) => {
        events.push(ctx.emit.winLogon(t2 + HOUR + k * 45_000, s.user, m.host, tunnel, 3, true));
        events.push(ctx.emit.specialLogon(t2 + HOUR + k * 45_000 + 10, s.user, m.host));
      });
      // Day 3 early morning: staging upload, then mass SMB writes from every reached server to the file server.
      const t3 = t1 + 2 * DAY + 6 * HOUR;
      const dst = externalAddress(ctx.rng);
      events.push(
        ctx.emit.conn(t3, {
          origH: SERVERS.fileServer.ip,
          respH: dst,
          respP: 443,
          proto: 'tcp',
          service: 'ssl',
          duration: 2400,
          origBytes: ctx.rng.int(3e9, 6e9),
          respBytes: ctx.rng.int(1e6, 3e6),
        }),
      );
      targets.forEach((m, k) => {
        for (let j = 0; j < 6; j++)
          events.push(
            ctx.emit.conn(t3 + HOUR + k * 20_000 + j * 3000, {
              origH: m.ip,
              respH: SERVERS.fileServer.ip,
              respP: 445,
              proto: 'tcp',
              service: 'smb',
              duration: ctx.rng.int(30, 200),
              origBytes: ctx.rng.int(2e8, 6e8),
              respBytes: ctx.rng.int(1e6, 9e6),
            }),
          );
      });
      const end = Math.max(...events.map((e) => e.time)) + MIN;
      return { start: t1, end, entities: { user: s.user, srcIp: pub }, events, note: `from ${far.city}` };
    },
  },
];
