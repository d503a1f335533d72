/**
 * exfil.ehr_export: a user exports or downloads far more EHR records in a day than they — or their colleagues —
 * usually do: report extracts, FHIR Bulk Data `$export`, large query results.
 *
 * Finds: events with action `export` (FHIR AuditEvent DCM 110106, `$export`; class data_transfer or
 * ehr_access) and queries that report how many records they returned (attrs.records), summed per user and UTC
 * day in records (an export without a count counts as one). Alerts once the day's records pass the larger of
 * `exportRecords` (1,000) and `uploadRatio` × the user's own p95 of daily exported records; a user without
 * history is held against the department (staff context), failing that the floor. One alert per user and day,
 * after the learning period; alerted days do not join the baseline, so a nightly integration export becomes
 * normal while a clerk's first 20,000-record extract does not.
 *
 * Evidence: the day's export events (up to 50).
 *
 * Misses: sources that log no record count (each export then counts one); exports through reporting tools that
 * write no audit event; many small exports each under the floor spread over days.
 *
 * False positives: quality and registry reporting, audits, a new integration job in its first days, a migration.
 */
import type { DetectorMeta } from '../detector.js';
import { fmtInt, plural } from '../wording.js';
import { AddressAttribution } from './attribution.js';
import { p95, usual } from './baseline.js';
import { ALL_USERS, departmentOf, peerWords, thresholdWords, partAlert, type ExfilPart } from './common.js';
import { DailyTotals } from './daily-totals.js';

/** Metadata of exfil.ehr_export. */
export const EHR_EXPORT: DetectorMeta = {
  id: 'exfil.ehr_export',
  title: 'Unusually large EHR export or report download',
  category: 'exfiltration',
  attack: ['T1213'],
  needs: ['data_transfer', 'ehr_access'],
  scorePolicy:
    '60; +10 when the records are over 10 × the threshold; +10 when the user never exported before',
  falsePositives: ['quality and registry reporting', 'audits', 'a new integration job', 'migrations'],
  blindSpots: [
    'sources without a record count',
    'reporting tools without audit events',
    'slow, small exports',
  ],
  maturity: 'experimental',
};

/** Records an export or query event stands for; undefined when it is neither. */
function recordsOf(action: string | undefined, records: string | undefined): number | undefined {
  const n = records !== undefined ? Number(records) : NaN;
  const counted = Number.isInteger(n) && n >= 0 ? n : undefined;
  if (action === 'export') return counted ?? 1;
  return action === 'query' ? counted : undefined;
}

/** The part detecting large EHR exports. */
export function ehrExport(): ExfilPart {
  let totals = new DailyTotals(1);
  return {
    meta: EHR_EXPORT,
    handle(e, ctx, emit) {
      if (e.class !== 'data_transfer' && e.class !== 'ehr_access') return;
      if (e.action !== 'export' && e.action !== 'query') return;
      const n = recordsOf(e.action, e.attrs?.records);
      if (n === undefined || e.user === undefined) return;
      const peer = departmentOf(ctx.context, e.user) ?? ALL_USERS;
      const label =
        e.message !== undefined && e.resource !== undefined ? `${e.resource} (${e.message})` : e.resource;
      const y = totals.add(e.user, peer, e.time, n, e.id, label);
      if (!ctx.learned(e.time) || y.a === y.d || y.n < ctx.cfg.exportRecords) return;
      const own = y.st.n > 0 ? p95(y.st, 1) : 0;
      const peers = totals.peer(y.peer);
      const peerP95 = peers.n >= 3 ? p95(peers, 1) : 0;
      const threshold = Math.max(ctx.cfg.exportRecords, ctx.cfg.uploadRatio * (y.st.n > 0 ? own : peerP95));
      if (y.n < threshold) return;
      y.a = y.d;
      const day = new Date(y.d * 86_400_000).toISOString().slice(0, 10);
      const reasons = [
        `${e.user} exported ${plural(y.n, 'record')} from the EHR on ${day} (UTC) in ${plural(y.c, 'export')}${y.x.length > 0 ? `: ${y.x.join(', ')}` : ''}`,
        y.st.n > 0
          ? `this user's usual daily export is ${fmtInt(usual(y.st, 1))} records (p95 ${fmtInt(own)}, ${plural(y.st.n, 'day')} with exports)`
          : 'this user never exported records before in the observed history',
        peers.n >= 3
          ? `peers ${peerWords(y.peer)}: usual ${fmtInt(usual(peers, 1))} records a day (p95 ${fmtInt(peerP95)})`
          : `no peer ${peerWords(y.peer)} exported records before`,
        `alert threshold ${fmtInt(threshold)} records: ${thresholdWords(fmtInt(ctx.cfg.exportRecords), ctx.cfg.uploadRatio, y.st.n > 0 ? 'own' : peers.n >= 3 ? 'peer' : undefined)}`,
      ];
      const evidence = y.ev.slice();
      if (e.srcIp !== undefined) {
        const who = ctx.attribution.at(e.srcIp, e.time);
        const why = AddressAttribution.explain(e.srcIp, who);
        if (why !== undefined) reasons.push(`from ${e.srcIp}; ${why}`);
        if (who.hostBy !== undefined) evidence.push(who.hostBy.id);
      }
      let score = 60;
      if (y.n >= 10 * threshold) score += 10;
      if (y.st.n === 0) score += 10;
      emit(
        partAlert(EHR_EXPORT, {
          score,
          title: `${e.user} exported ${plural(y.n, 'record')} from the EHR`,
          reasons,
          entities: { user: e.user, srcIp: e.srcIp },
          events: evidence,
          omitted: Math.max(0, y.c - y.ev.length),
          time: e.time,
        }),
      );
    },
    snapshot: () => totals.snapshot(),
    restore(s) {
      totals = new DailyTotals(1);
      totals.restore(s);
    },
  };
}
