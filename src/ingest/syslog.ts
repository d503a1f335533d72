/**
 * Syslog lines: RFC 3164 (BSD syslog as in /var/log/auth.log, with or without `<PRI>`, also with an RFC 3339
 * timestamp as rsyslog writes it) and RFC 5424 (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`).
 * https://www.rfc-editor.org/rfc/rfc3164 · https://www.rfc-editor.org/rfc/rfc5424
 *
 * Time: RFC 3164 timestamps (`Mar 27 13:06:56`) carry neither year nor zone. The year is `options.year` when
 * given, else inferred from `options.referenceTime` (the file's mtime: a date more than 2 days after it belongs
 * to the previous year, so a December line in a file written in January lands in the right year), else the
 * current UTC year. Times without a zone are taken as UTC; a host logging local time is off by its UTC offset.
 *
 * Mapping: id and raw = `<source>:<line>`; host, app (tag), attrs.pid (RFC 5424 also attrs.msgid and structured
 * data as attrs[`SD-ID.PARAM`]), message (cut to 512 chars). The header is read by syslog-header.ts; sshd and
 * PAM outcomes come from sshd.ts, sudo, su, useradd/usermod/userdel, groupadd, chpasswd/passwd and
 * systemd-logind from linux-auth.ts; VPN / remote-access gateways (FortiGate, GlobalProtect, OpenVPN, Cisco ASA)
 * from remote-access.ts; ISC dhcpd leases and releases from dhcpd.ts (address assignments); every other line is a
 * `process` event. `message repeated N times: [ … ]` becomes the inner event with `count: N`. A line without a
 * syslog header is rejected as `bad_syslog`.
 */
import type { WardEvent } from '../model/index.js';
import { clipRaw } from '../model/index.js';
import type { FormatParser, RecordParser } from './parser.js';
import { dhcpd } from './dhcpd.js';
import { linuxAuth } from './linux-auth.js';
import { remoteAccess } from './remote-access.js';
import { ProbeJoin, unwrapRepeated } from './sshd.js';
import { SyslogHeaderReader } from './syslog-header.js';

export { SyslogHeaderReader, type HeaderError, type SyslogHeader } from './syslog-header.js';

/** Longest line taken as syslog (RFC 5424 §6.1 transports stop far below this); longer is `line_too_long`. */
export const MAX_SYSLOG_LINE = 64 * 1024;
const MAX_MESSAGE = 512;
/** Longer messages are kept as `process` events without looking for auth fields (sshd's are < 1 KiB). */
const MAX_AUTH_MESSAGE = 4096;

/** True when the line holds only spaces and tabs. */
function blank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

const SNIFF_LINES = 20;

/** RFC 3164 / RFC 5424 syslog lines, with sshd, PAM, sudo and account events mapped to `authentication`. */
export const syslogParser: FormatParser = {
  id: 'syslog',
  description: 'Syslog lines (RFC 3164 as in /var/log/auth.log, RFC 5424), with sshd/PAM/sudo/account events',
  sniff(sample) {
    const reader = new SyslogHeaderReader({ year: 2000 });
    let seen = 0;
    let ok = 0;
    let cef = 0;
    for (const line of sample.split('\n', SNIFF_LINES + 1).slice(0, SNIFF_LINES)) {
      if (blank(line)) continue;
      seen++;
      if (reader.read(line) === undefined) ok++;
      if (line.includes('CEF:')) cef++;
    }
    if (seen === 0 || ok / seen < 0.8) return 0;
    // CEF over syslog carries a syslog header too; let the CEF parser claim it.
    return cef > 0 ? 0.4 : 0.9;
  },
  open({ source, sink, options }): RecordParser {
    const reader = new SyslogHeaderReader(options);
    const h = reader.header;
    const probes = new ProbeJoin();
    return {
      line(text, lineNo) {
        if (text.length === 0 || blank(text)) return;
        if (text.length > MAX_SYSLOG_LINE) {
          sink.reject({
            reason: 'line_too_long',
            detail: `syslog line is ${text.length} characters, over ${MAX_SYSLOG_LINE}`,
            raw: clipRaw(text),
            position: String(lineNo),
          });
          return;
        }
        const err = reader.read(text);
        if (err) {
          sink.reject({ reason: err.error, detail: err.detail, raw: text, position: String(lineNo) });
          return;
        }
        const id = `${source}:${lineNo}`;
        let msg = text.slice(h.msgStart);
        if (msg.charCodeAt(0) === 32) msg = msg.trimStart();
        const e: WardEvent = {
          id,
          source,
          format: 'syslog',
          class: 'process',
          time: h.time,
          outcome: 'unknown',
          raw: id,
        };
        if (h.host !== undefined) e.host = h.host;
        if (h.app !== undefined) e.app = h.app;
        e.message = msg.length > MAX_MESSAGE ? msg.slice(0, MAX_MESSAGE) : msg;
        if (h.pid !== undefined || h.msgid !== undefined || h.sd !== undefined) {
          const attrs: Record<string, string> = h.sd ?? {};
          if (h.pid !== undefined) attrs.pid = h.pid;
          if (h.msgid !== undefined) attrs.msgid = h.msgid;
          e.attrs = attrs;
        }
        if (msg.length <= MAX_AUTH_MESSAGE) {
          const rep = msg.charCodeAt(0) === 109 /* m */ ? unwrapRepeated(msg) : undefined;
          const inner = rep ? rep.inner : msg;
          const mapped =
            h.app === 'dhcpd'
              ? dhcpd(inner, e)
              : (h.app !== undefined && linuxAuth(h.app, inner, e)) ||
                remoteAccess(h.app, inner, e, options.gatewayMappings);
          if (mapped && rep) e.count = rep.count;
          if (mapped && e.class === 'authentication' && h.app?.startsWith('sshd') === true)
            probes.see(e, h.pid);
        }
        sink.event(e);
      },
      end() {
        // Line-based: nothing is buffered. Empty and broken-off inputs are reported by the reader.
      },
    };
  },
};
