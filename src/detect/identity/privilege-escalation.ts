/**
 * auth.privilege_escalation: an account gains administrative power.
 *
 * Finds: (a) a member added to a privileged group (Windows 4728 / 4732 / 4756: Domain Admins, Enterprise
 * Admins, Schema Admins, Administrators, Account / Backup / Server / Print Operators, DnsAdmins, Group Policy
 * Creator Owners, and groups whose name says admin); (b) special privileges assigned at logon (4672) for an
 * account never seen privileged, once the learning period has passed — the accounts that receive 4672 during
 * learning are the known administrators, and every later 4672 of an account adds it to that set.
 *
 * Evidence: the 4728/4732/4756 record (actor, group, member) or the 4672 record (privilege list).
 *
 * Misses: privileges granted by other routes (GPO, direct ACLs, sudoers edits), a group named without
 * "admin" that is privileged on this site, a 4672 account first seen privileged during learning.
 *
 * False positives: planned administrator changes by the directory team; a new administrator's first
 * privileged logon; service accounts newly granted privileges by an installer.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { accountKey, iso, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.privilege_escalation. */
export const PRIVILEGE_ESCALATION: DetectorMeta = {
  id: 'auth.privilege_escalation',
  title: 'Account added to a privileged group or privileged for the first time',
  category: 'identity',
  attack: ['T1098', 'T1078.002'],
  needs: ['authentication'],
  scorePolicy:
    '75 for a member added to a privileged group, 85 when the actor never changed group membership before; 60 for the first special-privilege logon of an account after learning',
  falsePositives: ['planned administrator changes', "a new administrator's first privileged logon"],
  blindSpots: [
    'privileges granted outside Windows group changes',
    'privileged groups without a telling name',
  ],
  maturity: 'experimental',
};

const PRIVILEGED_GROUPS = new Set([
  'domain admins',
  'enterprise admins',
  'schema admins',
  'administrators',
  'account operators',
  'backup operators',
  'server operators',
  'print operators',
  'dnsadmins',
  'group policy creator owners',
  'key admins',
  'enterprise key admins',
]);

/** True for a privileged group name (built-in list, or a name containing "admin"). */
export function isPrivilegedGroup(name: string): boolean {
  const g = name.trim().toLowerCase();
  return PRIVILEGED_GROUPS.has(g) || g.includes('admin');
}

/** The member's account from `CN=Name,OU=…`, `DOMAIN\name` or a bare name; SIDs stay as they are. */
function memberName(m: string | undefined): string | undefined {
  if (m === undefined) return undefined;
  if (m.toUpperCase().startsWith('CN=')) {
    const end = m.indexOf(',');
    return (end < 0 ? m.slice(3) : m.slice(3, end)).trim();
  }
  return m;
}

/** The part detecting privilege escalation. */
export function privilegeEscalation(): IdentityPart {
  let privileged = new Set<string>();
  let groupActors = new Set<string>();
  let alerted = new Set<string>();
  return {
    meta: PRIVILEGE_ESCALATION,
    handle(e: WardEvent, ctx, emit) {
      if (e.class !== 'authentication') return;
      if (e.action === 'group_member_added' && e.resource !== undefined) {
        const actor = accountKey(e.user);
        const firstTime = actor !== undefined && !groupActors.has(actor) && ctx.learned(e.time);
        if (actor !== undefined) groupActors.add(actor);
        if (!isPrivilegedGroup(e.resource)) return;
        const member = memberName(e.attrs?.member);
        const mkey = accountKey(member);
        if (mkey !== undefined) privileged.add(mkey);
        emit(
          partAlert(PRIVILEGE_ESCALATION, {
            score: firstTime ? 85 : 75,
            title: `${member ?? 'an account'} added to privileged group ${e.resource}`,
            reasons: [
              `${member ?? 'an unnamed member'} was added to ${e.resource} by ${e.user ?? 'an unnamed account'} at ${iso(e.time)}${e.host ? ` on ${e.host}` : ''} (event ${e.code ?? 'group change'})`,
              `${e.resource} is a privileged group: its members administer hosts or the domain`,
              ...(firstTime
                ? [`${e.user ?? 'the actor'} had not changed group membership before in the observed history`]
                : []),
            ],
            entities: { user: mkey ?? member, actor: e.user, group: e.resource, host: e.host },
            events: [e.id],
            time: e.time,
          }),
        );
        return;
      }
      if (e.action !== 'special_privileges') return;
      const key = accountKey(e.user);
      if (key === undefined || privileged.has(key)) return;
      privileged.add(key);
      if (!ctx.learned(e.time) || alerted.has(key)) return;
      alerted.add(key);
      emit(
        partAlert(PRIVILEGE_ESCALATION, {
          score: 60,
          title: `${e.user ?? key} received special privileges for the first time`,
          reasons: [
            `${e.user ?? key} logged on with special privileges at ${iso(e.time)}${e.host ? ` on ${e.host}` : ''} (4672)`,
            `this account never had a privileged logon in the observed history (learned since ${iso(ctx.start)})`,
            ...(e.attrs?.privileges ? [`privileges: ${e.attrs.privileges.slice(0, 200)}`] : []),
          ],
          entities: { user: key, host: e.host },
          events: [e.id],
          time: e.time,
        }),
      );
    },
    snapshot: () => ({ privileged: [...privileged], groupActors: [...groupActors], alerted: [...alerted] }),
    restore(s) {
      const st = s as { privileged?: string[]; groupActors?: string[]; alerted?: string[] };
      privileged = new Set(st.privileged ?? []);
      groupActors = new Set(st.groupActors ?? []);
      alerted = new Set(st.alerted ?? []);
    },
  };
}
