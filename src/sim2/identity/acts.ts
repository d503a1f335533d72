/**
 * What a logon leaves behind, across machines: an interactive logon at a workstation asks the DC for a TGT
 * (4768) and a ticket for the machine (4769), then the workstation logs 4624; a network logon to a server is a
 * 4769 for its service plus a 4624 type 3 there (or 4776 + NTLM 4624 for legacy clients); a remote desktop is a
 * 4624 type 10 on the target; a typo is 4771 0x18 at the DC plus 4625 at the machine. VPN and ssh sessions are
 * syslog lines. Every helper returns the entries it wrote so injected attacks can list them as evidence.
 */
import type { Rng } from '../random.js';
import {
  FILES,
  fortiLine,
  gpLine,
  hex,
  logonData,
  ntlmData,
  preauthFailData,
  privData,
  sshLine,
  tgsData,
  tgtData,
  type Account,
  type Entry,
  type Logs,
} from './emit.js';
import type { Host, World } from './world.js';

/** Shared state of the acts: logs, world, randomness, id counters. */
export class Acts {
  private logonId = 0x3a0000;
  private tunnelId = 1_820_000;
  private pid = 20_000;
  private poolNext = 10;

  constructor(
    readonly logs: Logs,
    readonly world: World,
    readonly rng: Rng,
  ) {}

  private nextLogon(): number {
    this.logonId += 1 + this.rng.int(0, 4000);
    return this.logonId;
  }

  private port(): number {
    return this.rng.int(49152, 65535);
  }

  /** The DC that answered (clients pick either). */
  dc(): Host {
    return this.rng.pick(this.world.dcs);
  }

  /** Kerberos TGT request at a DC. */
  tgt(t: number, a: Account, ip: string, status = '0x0', preauth = '2', enc = '0x12'): Entry {
    return this.logs.win(
      t,
      this.dc(),
      4768,
      tgtData(a, ip, this.port(), status, this.world.domainSid, preauth, enc),
      status !== '0x0',
    );
  }

  /** Service ticket request at a DC. */
  tgs(t: number, a: Account, service: string, ip: string, enc = '0x12'): Entry {
    const sid = `${this.world.domainSid}-${1000 + ((service.length * 37) % 900)}`;
    return this.logs.win(t, this.dc(), 4769, tgsData(a, service, sid, ip, this.port(), enc));
  }

  /** Interactive (2), unlock (7) or cached (11) logon at a workstation; with a TGT when `fresh`. */
  interactive(
    t: number,
    a: Account,
    ws: Host,
    ip: string,
    opt: { fresh: boolean; type?: number; admin?: boolean },
  ): Entry[] {
    const out: Entry[] = [];
    const id = this.nextLogon();
    if (opt.fresh) out.push(this.tgt(t - 900, a, ip));
    if (opt.type !== 7) out.push(this.tgs(t - 600, a, `${ws.name}$`, ip));
    out.push(this.logs.win(t, ws, 4624, logonData(a, ws, opt.type ?? 2, 'Negotiate', { name: ws.name }, id)));
    if (opt.admin) out.push(this.logs.win(t, ws, 4672, privData(a, id)));
    return out;
  }

  /** Logoff at a workstation (4647 user-initiated, then 4634). */
  logoff(t: number, a: Account, ws: Host, type = 2): void {
    const id = hex(this.logonId);
    const base = {
      TargetUserSid: a.sid,
      TargetUserName: a.sam,
      TargetDomainName: 'RIVERGATE',
      TargetLogonId: id,
    };
    this.logs.win(t, ws, 4647, base);
    this.logs.win(t + 2000, ws, 4634, { ...base, LogonType: String(type) });
  }

  /** Network logon (type 3) from `src` to `target`: Kerberos unless `ntlm`. */
  network(
    t: number,
    a: Account,
    src: { name: string; ip: string },
    target: Host,
    ntlm = false,
    admin = false,
  ): Entry[] {
    const out: Entry[] = [];
    const id = this.nextLogon();
    if (ntlm) out.push(this.logs.win(t - 300, this.dc(), 4776, ntlmData(a.sam, src.name, '0x0')));
    else out.push(this.tgs(t - 400, a, `${target.service ?? 'cifs'}/${target.fqdn}`, src.ip));
    out.push(
      this.logs.win(
        t,
        target,
        4624,
        logonData(
          a,
          target,
          3,
          ntlm ? 'NTLM' : 'Kerberos',
          { name: ntlm ? src.name : undefined, ip: src.ip, port: this.port() },
          id,
        ),
      ),
    );
    if (admin) out.push(this.logs.win(t, target, 4672, privData(a, id)));
    if (target.kind !== 'dc')
      this.logs.win(t + this.rng.int(2, 300) * 1000, target, 4634, {
        TargetUserSid: a.sid,
        TargetUserName: a.sam,
        TargetDomainName: 'RIVERGATE',
        TargetLogonId: hex(id),
        LogonType: '3',
      });
    return out;
  }

  /** Remote desktop / Citrix logon (type 10) on `target` from a client. */
  remote(t: number, a: Account, src: { name: string; ip: string }, target: Host, admin = false): Entry[] {
    const out: Entry[] = [this.tgs(t - 500, a, `TERMSRV/${target.fqdn}`, src.ip)];
    const id = this.nextLogon();
    out.push(
      this.logs.win(
        t,
        target,
        4624,
        logonData(a, target, 10, 'Negotiate', { name: src.name, ip: src.ip, port: 0 }, id),
      ),
    );
    if (admin) out.push(this.logs.win(t, target, 4672, privData(a, id)));
    return out;
  }

  /** A mistyped password at a workstation: 4771 0x18 at the DC, 4625 at the machine. */
  typo(t: number, a: Account, ws: Host, ip: string): Entry[] {
    return [
      this.logs.win(t, this.dc(), 4771, preauthFailData(a, ip, this.port()), true),
      this.logs.win(
        t + 40,
        ws,
        4625,
        logonData(a, ws, 2, 'Negotiate', { name: ws.name }, 0, {
          status: '0xc000006d',
          sub: '0xc000006a',
          reason: '%%2313',
        }),
        true,
      ),
    ];
  }

  /** A logon refused for a status (expired 0xc0000071, must change 0xc0000224, locked 0xc0000234). */
  refused(t: number, a: Account, ws: Host, status: string, sub: string, reason: string): Entry {
    return this.logs.win(
      t,
      ws,
      4625,
      logonData(a, ws, 2, 'Negotiate', { name: ws.name }, 0, { status, sub, reason }),
      true,
    );
  }

  /** FortiGate SSL-VPN session: tunnel up now, down after `minutes`. Returns the tunnel address and entries. */
  forti(
    t: number,
    user: string,
    group: string,
    remip: string,
    minutes: number,
  ): { ip: string; entries: Entry[] } {
    const tunnelId = this.tunnelId++;
    const ip = `10.212.${134 + ((this.poolNext >> 8) & 1)}.${this.poolNext & 255 || 10}`;
    this.poolNext = this.poolNext >= 500 ? 10 : this.poolNext + 1;
    const up = this.logs.line(t, FILES.forti, (tt, m) =>
      fortiLine(tt, m, { action: 'tunnel-up', user, group, remip, tunnelId, tunnelIp: ip }),
    );
    const down = this.logs.line(t + minutes * 60_000, FILES.forti, (tt, m) =>
      fortiLine(tt, m, {
        action: 'tunnel-down',
        user,
        group,
        remip,
        tunnelId,
        tunnelIp: ip,
        duration: minutes * 60,
      }),
    );
    return { ip, entries: [up, down] };
  }

  /** A failed FortiGate login. */
  fortiFail(
    t: number,
    user: string,
    group: string,
    remip: string,
    reason = 'sslvpn_login_permission_denied',
  ): Entry {
    const tunnelId = this.tunnelId++;
    return this.logs.line(t, FILES.forti, (tt, m) =>
      fortiLine(tt, m, { action: 'ssl-login-fail', user, group, remip, tunnelId, reason }),
    );
  }

  /** A GlobalProtect session (portal auth, gateway auth, logout after `minutes`). */
  globalProtect(
    t: number,
    user: string,
    net: { ip: string; country: string },
    machine: string,
    method: string,
    minutes: number,
  ): { ip: string; entries: Entry[] } {
    const ip = `10.213.8.${10 + this.rng.int(0, 200)}`;
    const base = { user, publicIp: net.ip, country: net.country, machine, method };
    const e1 = this.logs.line(t, FILES.gp, (tt, m) =>
      gpLine(tt, m, { ...base, eventid: 'portal-auth', ok: true }),
    );
    const e2 = this.logs.line(t + 3000, FILES.gp, (tt, m) =>
      gpLine(tt, m, { ...base, eventid: 'gateway-auth', ok: true, privateIp: ip }),
    );
    this.logs.line(t + minutes * 60_000, FILES.gp, (tt, m) =>
      gpLine(tt, m, { ...base, eventid: 'gateway-logout', ok: true, privateIp: ip }),
    );
    return { ip, entries: [e1, e2] };
  }

  /** A failed GlobalProtect portal login. */
  globalProtectFail(
    t: number,
    user: string,
    net: { ip: string; country: string },
    machine: string,
    method: string,
  ): Entry {
    return this.logs.line(t, FILES.gp, (tt, m) =>
      gpLine(tt, m, {
        user,
        publicIp: net.ip,
        country: net.country,
        machine,
        method,
        eventid: 'portal-auth',
        ok: false,
        error: 'Authentication failed: Invalid username or password',
      }),
    );
  }

  /** An ssh session on a Linux server: Accepted, PAM session, Disconnected after `minutes`. */
  ssh(
    t: number,
    host: Host,
    user: string,
    ip: string,
    method: 'publickey' | 'password',
    minutes: number,
  ): Entry[] {
    const pid = this.pid++;
    const port = this.port();
    const key =
      method === 'publickey'
        ? ` ssh2: ED25519 SHA256:${(user.length * 7919 + host.name.length).toString(36).padEnd(10, 'q')}Xk2${user.slice(0, 3)}Lw9`
        : ' ssh2';
    const acc = this.logs.line(t, FILES.ssh, (tt, m) =>
      sshLine(tt, m, host.name, pid, `Accepted ${method} for ${user} from ${ip} port ${port}${key}`),
    );
    this.logs.line(t + 5, FILES.ssh, (tt, m) =>
      sshLine(
        tt,
        m,
        host.name,
        pid,
        `pam_unix(sshd:session): session opened for user ${user}(uid=${1000 + user.length * 13}) by (uid=0)`,
      ),
    );
    this.logs.line(t + minutes * 60_000, FILES.ssh, (tt, m) =>
      sshLine(tt, m, host.name, pid, `Disconnected from user ${user} ${ip} port ${port}`),
    );
    this.logs.line(t + minutes * 60_000 + 3, FILES.ssh, (tt, m) =>
      sshLine(tt, m, host.name, pid, `pam_unix(sshd:session): session closed for user ${user}`),
    );
    return [acc];
  }

  /** A failed ssh password. */
  sshFail(t: number, host: Host, user: string, ip: string, invalid: boolean): Entry[] {
    const pid = this.pid++;
    const port = this.port();
    const out: Entry[] = [];
    if (invalid)
      out.push(
        this.logs.line(t - 200, FILES.ssh, (tt, m) =>
          sshLine(tt, m, host.name, pid, `Invalid user ${user} from ${ip} port ${port}`),
        ),
      );
    out.push(
      this.logs.line(t, FILES.ssh, (tt, m) =>
        sshLine(
          tt,
          m,
          host.name,
          pid,
          `Failed password for ${invalid ? 'invalid user ' : ''}${user} from ${ip} port ${port} ssh2`,
        ),
      ),
    );
    this.logs.line(t + 900, FILES.ssh, (tt, m) =>
      sshLine(
        tt,
        m,
        host.name,
        pid,
        `Connection closed by ${invalid ? 'invalid' : 'authenticating'} user ${user} ${ip} port ${port} [preauth]`,
      ),
    );
    return out;
  }
}
