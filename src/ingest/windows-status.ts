/**
 * Plain-language texts for the status codes Windows logon and Kerberos events carry, so alerts can say "wrong
 * password" instead of `0xc000006a`. Two code families share one table because their ranges do not overlap:
 * NTSTATUS failures (4625 Status/SubStatus, 4776 Status) are `0xc0000000` and up, Kerberos result codes (4768, 4769,
 * 4771 Status, RFC 4120 section 7.5.9) are below `0x100`; `0x0` is success in both.
 * NTSTATUS: https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55
 * Kerberos: https://learn.microsoft.com/en-us/windows/security/threat-protection/auditing/event-4768
 */

/** Status code (lower-case hex, no leading zeros, e.g. `0x18`, `0xc000006a`) → short plain-language text. */
export const WINDOWS_STATUS_TEXT: ReadonlyMap<string, string> = new Map([
  ['0x0', 'success'],
  // NTSTATUS values logged by 4625 / 4776.
  ['0xc000005e', 'no logon server available'],
  ['0xc0000064', 'no such user'],
  ['0xc000006a', 'wrong password'],
  ['0xc000006c', 'password policy not met'],
  ['0xc000006d', 'bad user name or password'],
  ['0xc000006e', 'account restriction'],
  ['0xc000006f', 'outside logon hours'],
  ['0xc0000070', 'workstation restriction'],
  ['0xc0000071', 'password expired'],
  ['0xc0000072', 'account disabled'],
  ['0xc0000133', 'clock out of sync with domain controller'],
  ['0xc000015b', 'logon type not granted'],
  ['0xc0000192', 'netlogon service not started'],
  ['0xc0000193', 'account expired'],
  ['0xc0000224', 'must change password'],
  ['0xc0000234', 'account locked out'],
  ['0xc0000371', 'no secrets for this account in local store'],
  ['0xc0000413', 'blocked by authentication firewall'],
  // Kerberos KDC result codes logged by 4768 / 4769 / 4771.
  ['0x6', 'unknown principal (no such user)'],
  ['0x7', 'unknown service principal'],
  ['0xc', 'denied by policy (e.g. logon hours or workstation)'],
  ['0xe', 'encryption type not supported'],
  ['0x10', 'pre-authentication type not supported'],
  ['0x12', 'client revoked, disabled or locked out'],
  ['0x17', 'password expired'],
  ['0x18', 'pre-authentication failed (wrong password)'],
  ['0x19', 'pre-authentication required'],
  ['0x1f', 'ticket integrity check failed'],
  ['0x20', 'ticket expired'],
  ['0x22', 'replayed request'],
  ['0x25', 'clock skew too great'],
  ['0x29', 'ticket modified or wrong service key'],
]);

/** Short text for a normalized status code, or undefined when it is not a well-known one. */
export function statusText(code: string): string | undefined {
  return WINDOWS_STATUS_TEXT.get(code);
}

/**
 * Normalize a hex status as Windows logs it (`0x00000018`, `0xC000006A`) to lower case without leading zeros
 * (`0x18`, `0xc000006a`), so one code has one spelling. Text that is not `0x…` is returned lower-cased.
 */
export function normalizeHex(text: string): string {
  const t = text.toLowerCase();
  if (t.length < 3 || t.charCodeAt(0) !== 48 || t.charCodeAt(1) !== 120) return t;
  let i = 2;
  while (i < t.length - 1 && t.charCodeAt(i) === 48) i++;
  return i === 2 ? t : `0x${t.slice(i)}`;
}
