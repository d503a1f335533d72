/**
 * auth.lateral_chain: network or RDP logons chained host to host — an account reaches host B from A, then host
 * C from B, then D from C — the hop-by-hop path of an intruder moving towards a server, which fan-out counting
 * (auth.lateral_movement) misses when each step touches one host only.
 *
 * Finds: successful logons of type 3 (network) or 10 (remote interactive) whose source is the host an earlier
 * hop of the same account reached within `HOP_WINDOW_MS`; the source is the logon's workstation name, else its
 * source address matched to a host name through earlier logons that gave both. A chain of at least `MIN_HOPS`
 * hops through distinct hosts alerts once, after the family learning period, when at least one hop is a path
 * (source → destination) the account never took before — an administrator's daily jump-host route is learned
 * (up to 128 routes per account; past that the less recently taken half is forgotten) and stays quiet. At most one alert per account per hour.
 *
 * Evidence: the logons of the chain, in order.
 *
 * Misses: hops without a logon event on the destination (WMI or PsExec with existing tickets, SSH keys into
 * hosts that send no logs), hops whose source is neither named nor seen before with its address, changes of
 * account at each hop.
 *
 * False positives: administrators working through a jump host to a server and on to another for the first
 * time; deployment tools that relay through several hosts.
 */
import type { WardEvent } from '../../model/index.js';
import type { DetectorMeta } from '../detector.js';
import { fmtSpan } from '../wording.js';
import { accountKey, hostKey, HOUR, isSuccessLogon, Memo, MIN, partAlert } from './common.js';
import type { IdentityPart } from './common.js';

/** Metadata of auth.lateral_chain. */
export const LATERAL_CHAIN: DetectorMeta = {
  id: 'auth.lateral_chain',
  title: 'Logons chained from host to host',
  category: 'identity',
  attack: ['T1021', 'T1021.001', 'T1021.002', 'T1078'],
  needs: ['authentication'],
  scorePolicy: '70 for three hops, +5 per further hop up to 90',
  falsePositives: ['administrators using a jump host on a new route', 'relaying deployment tools'],
  blindSpots: [
    'hops without logon events',
    'unnamed sources never seen with their address',
    'account changes per hop',
  ],
  maturity: 'experimental',
};

/** A hop may follow the previous one by at most this long. */
const HOP_WINDOW_MS = 30 * MIN;
/** Hops in a chain before it alerts (four hosts). */
const MIN_HOPS = 3;
/** Paths remembered per account. */
const MAX_PATHS = 128;
/** Chain ends kept per account before stale ones are swept. */
const MAX_ENDS = 32;
/** Address → host name pairs remembered. */
const MAX_NAMES = 50_000;

interface Hop {
  from: string;
  to: string;
  t: number;
  id: string;
  fresh: boolean;
}
interface Account {
  /** Chains ending at each host: the hops leading there (latest chain per end host). */
  ends: Record<string, Hop[]>;
  nEnds: number;
  /** Routes taken (`from>to`) → last time. */
  paths: Record<string, number>;
  nPaths: number;
  alerted?: number;
}
interface Snapshot {
  accounts: [string, Account][];
  names: [string, string][];
}

/** A logged host name as a host key (common.ts), or undefined for blanks and placeholders (`-`, `localhost`). */
function hostOf(s: string | undefined): string | undefined {
  return s === undefined ? undefined : HOSTS.get(s, computeHostOf);
}

const HOSTS = new Memo(20_000);

function computeHostOf(s: string): string | undefined {
  const t = s.trim();
  if (t === '' || t === '-' || t.toLowerCase() === 'localhost') return undefined;
  return hostKey(t);
}

/**
 * The route key `from>to`, one string object per pair: building it per logon cost a concatenation and a
 * flattening and hashing of the new string at every lookup. Forgotten when it holds MAX_NAMES pairs.
 */
let routes = new Map<string, Map<string, string>>();
let nRoutes = 0;
function routeKey(from: string, to: string): string {
  let m = routes.get(from);
  if (m === undefined) {
    if (nRoutes >= MAX_NAMES) {
      routes = new Map();
      nRoutes = 0;
    }
    routes.set(from, (m = new Map<string, string>()));
  }
  let k = m.get(to);
  if (k === undefined) {
    m.set(to, (k = `${from}>${to}`));
    nRoutes++;
  }
  return k;
}

/** True when `to` is already on the chain (a hop from or to it): extending would loop back. */
function loops(chain: Hop[], to: string): boolean {
  for (const h of chain) if (h.from === to || h.to === to) return true;
  return false;
}

/** True when some hop of the chain is a route never taken before. */
function anyFresh(chain: Hop[]): boolean {
  for (const h of chain) if (h.fresh) return true;
  return false;
}

/** The part detecting chained lateral movement. */
export function lateralChain(): IdentityPart {
  let accounts = new Map<string, Account>();
  /** Source address → host name, learned from logons that give both (a Map: it changes with every new address). */
  let names = new Map<string, string>();
  return {
    meta: LATERAL_CHAIN,
    handle(e: WardEvent, ctx, emit) {
      if (!isSuccessLogon(e) || (e.logonType !== 3 && e.logonType !== 10)) return;
      const to = hostOf(e.host);
      const key = accountKey(e.user);
      if (to === undefined || key === undefined) return;
      const named = hostOf(e.attrs?.workstation);
      if (named !== undefined && e.srcIp !== undefined && names.get(e.srcIp) !== named) {
        if (names.size >= MAX_NAMES) names = new Map();
        names.set(e.srcIp, named);
      }
      const from = named ?? (e.srcIp !== undefined ? names.get(e.srcIp) : undefined);
      if (from === undefined || from === to) return;
      let a = accounts.get(key);
      if (a === undefined) accounts.set(key, (a = { ends: {}, nEnds: 0, paths: {}, nPaths: 0 }));
      const path = routeKey(from, to);
      const fresh = a.paths[path] === undefined;
      if (fresh && ++a.nPaths > MAX_PATHS) forgetOldPaths(a);
      a.paths[path] = e.time;
      // Extend the chain that ended at the source, if it is recent and does not loop back.
      const prev = a.ends[from];
      const live =
        prev !== undefined && e.time - prev[prev.length - 1]!.t <= HOP_WINDOW_MS && !loops(prev, to);
      const hop: Hop = { from, to, t: e.time, id: e.id, fresh };
      const chain: Hop[] = live ? [...prev, hop] : [hop];
      if (a.ends[to] === undefined && ++a.nEnds > MAX_ENDS) {
        // Forget chains that can no longer be extended (rare: only when many hosts were reached at once).
        const kept: Record<string, Hop[]> = {};
        let n = 0;
        for (const [h, c] of Object.entries(a.ends))
          if (e.time - c[c.length - 1]!.t <= HOP_WINDOW_MS) {
            kept[h] = c;
            n++;
          }
        a.ends = kept;
        a.nEnds = n + 1;
      }
      a.ends[to] = chain;
      if (chain.length < MIN_HOPS || !ctx.learned(e.time) || !anyFresh(chain)) return;
      if (a.alerted !== undefined && e.time - a.alerted < HOUR) return;
      a.alerted = e.time;
      const route = [chain[0]!.from, ...chain.map((h) => h.to)];
      emit(
        partAlert(LATERAL_CHAIN, {
          score: Math.min(90, 70 + 5 * (chain.length - MIN_HOPS)),
          title: `${e.user ?? key} moved host to host: ${route.join(' → ')}`,
          reasons: [
            `${e.user ?? key} logged on from each host to the next, ${chain.length} hops in ${fmtSpan(e.time - chain[0]!.t)}: ${route.join(' → ')}`,
            `each logon came from the host the previous one reached, at most ${fmtSpan(HOP_WINDOW_MS)} later`,
            `${chain.filter((h) => h.fresh).length} of the hops are routes this account never took before`,
          ],
          entities: { user: key, host: e.host, srcHost: from },
          events: chain.map((h) => h.id),
          time: e.time,
        }),
      );
    },
    snapshot: (): Snapshot => ({ accounts: [...accounts], names: [...names] }),
    restore(s) {
      const snap = JSON.parse(JSON.stringify(s ?? { accounts: [], names: [] })) as Snapshot;
      accounts = new Map(snap.accounts);
      names = new Map(snap.names);
    },
  };
}

/**
 * Keep the more recently taken half of an account's routes once it passes MAX_PATHS: one sweep per
 * MAX_PATHS / 2 new routes, so an account that keeps taking new routes costs O(1) per logon on average.
 */
function forgetOldPaths(a: Account): void {
  const entries = Object.entries(a.paths).sort((x, y) => y[1] - x[1]);
  const kept: Record<string, number> = {};
  const keep = Math.floor(MAX_PATHS / 2);
  for (let i = 0; i < keep && i < entries.length; i++) kept[entries[i]![0]] = entries[i]![1];
  a.paths = kept;
  a.nPaths = Math.min(keep, entries.length);
}
