/**
 * Syslog lines as rsyslog writes them (RFC 3339 timestamp, host, tag): sshd messages and VPN / telehealth
 * gateway key=value messages (FortiGate SSL VPN, GlobalProtect, OpenVPN styles).
 */
import type { SyslogData } from '../record.js';

/** One syslog line. */
export function syslogLine(time: number, s: SyslogData): string {
  const stamp = new Date(time).toISOString().replace('Z', '+00:00');
  return `${stamp} ${s.host} ${s.app}${s.pid !== undefined ? `[${s.pid}]` : ''}: ${s.msg}`;
}
