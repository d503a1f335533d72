import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Rejection, WardEvent } from '../model/index.js';
import { runParser, splitLines } from '../../test/support/parse.js';
import { zeekParser } from './zeek.js';

const LABELED_008 = '../shared/data/zeek/labeled/008-zeek-mixed/conn.log.labeled';
const LABELED_010 = '../shared/data/zeek/labeled/010-zeek-mixed/conn.log.labeled';
const APT29 = '../shared/data/zeek/json/otrf-apt29-day1-combined_zeek.jsonl';
const FIX = 'test/fixtures/zeek';

interface Out {
  events: WardEvent[];
  rejects: Rejection[];
}

function run(text: string, source = 'test.log', truncated = false): Out {
  const { events, rejects } = runParser(zeekParser, splitLines(text, { keepCr: true }), {
    source,
    truncated,
  });
  return { events, rejects };
}

function runFile(path: string): Out {
  return run(readFileSync(path, 'utf8'), basename(path));
}

function countBy<T>(xs: T[], key: (x: T) => string | undefined): Record<string, number> {
  const m: Record<string, number> = {};
  for (const x of xs) {
    const k = key(x) ?? '(none)';
    m[k] = (m[k] ?? 0) + 1;
  }
  return m;
}

describe('zeek TSV (Stratosphere labelled conn logs)', () => {
  it.each([
    [LABELED_008, 5663, 4201, 1402, 60],
    [LABELED_010, 5347, 3373, 1937, 37],
  ])('%s: every flow parsed, labels match the data README', (path, rows, malicious, benign, background) => {
    const { events, rejects } = runFile(path);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(rows);
    const labels = countBy(events, (e) => e.labels?.label);
    expect(labels).toEqual({ Malicious: malicious, Benign: benign, Background: background });
    // Labels go to `labels` only, never to attrs where detectors look.
    expect(events.some((e) => e.attrs && ('label' in e.attrs || 'detailedlabel' in e.attrs))).toBe(false);
  });

  it('maps the first conn row of 008 field by field', () => {
    const { events } = runFile(LABELED_008);
    expect(events[0]).toEqual({
      id: 'CHLXQF2OBY4onAR0Ug',
      source: 'conn.log.labeled',
      format: 'zeek',
      class: 'network_flow',
      time: 1655071198444,
      action: 'conn',
      outcome: 'success',
      raw: 'conn.log.labeled:9',
      srcIp: '147.32.81.167',
      srcPort: 62771,
      dstIp: '40.74.108.123',
      dstPort: 443,
      protocol: 'tcp',
      bytesOut: 1596,
      bytesIn: 4039,
      attrs: {
        service: 'ssl',
        duration: '1.135424',
        conn_state: 'SF',
        history: 'ShADdaFf',
        local_orig: 'true',
        local_resp: 'false',
        orig_pkts: '14',
        resp_pkts: '16',
      },
      labels: { label: 'Benign', detailedlabel: 'Microsoft' },
    });
    // Unset (`-`) fields are absent, an empty detailedlabel is absent, S0 is a failed connection attempt.
    const scan = events[1]!;
    expect(scan.id).toBe('CEL3aLvvNGvO6Ecoa');
    expect(scan.outcome).toBe('failure');
    expect(scan.attrs?.service).toBeUndefined();
    expect(scan.labels).toEqual({ label: 'Malicious', detailedlabel: 'External-Attack-to-Device' });
  });

  it('reads the IoT-23 layout where label columns are space-joined into the last tab column', () => {
    const { events, rejects } = runFile(`${FIX}/iot23-style.conn.log.labeled`);
    expect(rejects).toEqual([]);
    expect(events.map((e) => e.labels)).toEqual([
      { label: 'Malicious', detailedlabel: 'PartOfAHorizontalPortScan' },
      { label: 'Benign' },
    ]);
    expect(events[0]).toMatchObject({ srcIp: '192.168.100.103', dstPort: 23, bytesOut: 0 });
  });

  it('takes column positions from #fields, not from a fixed order', () => {
    const text = [
      '#separator \\x09',
      '#path\tconn',
      '#fields\tid.resp_p\tuid\tts\tid.resp_h\tid.orig_h',
      '443\tCx\t1655071198.5\t10.0.0.2\t10.0.0.1',
    ].join('\n');
    const { events } = run(text);
    expect(events[0]).toMatchObject({
      id: 'Cx',
      time: 1655071198500,
      dstPort: 443,
      dstIp: '10.0.0.2',
      srcIp: '10.0.0.1',
    });
  });

  it('handles another separator declared in the header', () => {
    const text = ['#separator \\x7c', '#path|conn', '#fields|ts|uid|proto', '1655071198.5|Cy|udp'].join('\n');
    expect(run(text).events[0]).toMatchObject({ id: 'Cy', protocol: 'udp' });
  });

  it('keeps other TSV log types with action = #path', () => {
    const text = [
      '#separator \\x09',
      '#path\tdns',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tqtype_name\trcode_name',
      '1655071198.5\tCd\t10.0.0.1\t5353\t10.0.0.53\t53\tudp\twww.example.org\tA\tNOERROR',
    ].join('\n');
    expect(run(text).events[0]).toMatchObject({
      id: 'Cd',
      action: 'dns',
      attrs: { query: 'www.example.org', qtype_name: 'A', rcode_name: 'NOERROR' },
    });
  });

  it('rejects broken rows with a reason and keeps going', () => {
    const { events, rejects } = runFile(`${FIX}/broken-conn.log`);
    expect(events.map((e) => e.id)).toEqual(['Cgood1', 'Cesc']);
    expect(events[1]!.attrs?.service).toBe('weird\tsvc');
    expect(events[1]!.outcome).toBe('failure');
    expect(rejects.map((r) => [r.reason, r.position])).toEqual([
      ['missing_field', '10'],
      ['bad_time', '11'],
      ['bad_zeek', '12'],
      ['bad_value', '13'],
    ]);
    expect(rejects[0]!.detail).toContain('uid');
    expect(rejects[1]!.detail).toContain('yesterday');
    expect(rejects[2]!.detail).toBe('expected 21 fields from #fields, got 5');
    expect(rejects[3]!.detail).toContain('id.orig_p');
    expect(rejects[2]!.raw).toContain('Cshort');
  });

  it('rejects data before any header', () => {
    const { events, rejects } = runFile(`${FIX}/no-header.log`);
    expect(events).toEqual([]);
    expect(rejects).toMatchObject([{ reason: 'bad_zeek', detail: 'data line before a #fields header' }]);
  });
});

describe('zeek dhcp.log (address assignments)', () => {
  it('maps an ACK to a lease of the assigned address, a RELEASE to a release, and keeps the first uid', () => {
    const { events, rejects } = runFile(`${FIX}/dhcp.log`);
    expect(rejects).toEqual([]);
    expect(events.map((e) => [e.id, e.action, e.srcIp])).toEqual([
      ['CmN5Ad3Yq1yNHTDwa1', 'dhcp_lease', '10.40.1.23'],
      ['CvMkz71oYrwxxKbhhb', 'dhcp_release', '10.40.1.23'],
      ['CQ1pk92Hd4VxGDtjp7', 'dhcp_lease', '10.40.1.23'],
      ['CZNx0ZBzt1F1Nfu1m2', 'dhcp', undefined],
    ]);
    expect(events[0]).toMatchObject({
      class: 'network_flow',
      time: Date.UTC(2026, 2, 2, 8, 0, 0, 120),
      attrs: { mac: '00:1b:63:84:45:e6', clientHost: 'lt-bill-031', leaseSeconds: '28800' },
    });
    expect(events[2]?.attrs?.mac).toBe('3c:22:fb:11:22:33');
  });

  it('reads dhcp records in JSON with uids as an array', () => {
    const line = JSON.stringify({
      _path: 'dhcp',
      ts: 1772438400.12,
      uids: ['CmN5Ad3Yq1yNHTDwa1'],
      mac: '00:1b:63:84:45:e6',
      host_name: 'lt-bill-031',
      assigned_addr: '10.40.1.23',
      lease_time: 28800,
      msg_types: ['REQUEST', 'ACK'],
    });
    expect(run(line).events[0]).toMatchObject({
      id: 'CmN5Ad3Yq1yNHTDwa1',
      action: 'dhcp_lease',
      srcIp: '10.40.1.23',
      attrs: { clientHost: 'lt-bill-031', leaseSeconds: '28800' },
    });
  });
});

describe('zeek JSON', () => {
  it('parses all 2,140 OTRF APT29 records across 14 log types', () => {
    const { events, rejects } = runFile(APT29);
    expect(rejects).toEqual([]);
    expect(events).toHaveLength(2140);
    expect(countBy(events, (e) => e.action)).toEqual({
      conn: 613,
      files: 448,
      ssl: 378,
      x509: 378,
      dce_rpc: 123,
      http: 62,
      dns: 53,
      kerberos: 35,
      dpd: 12,
      smb_files: 12,
      weird: 12,
      smb_mapping: 11,
      notice: 2,
      pe: 1,
    });
    expect(countBy(events, (e) => e.attrs?.sensor)).toEqual({
      'bobs.bigwheel.local': 1725,
      'simplerockbuild.simplerock.lan': 415,
    });
  });

  it('maps underscore-variant records', () => {
    const { events } = runFile(APT29);
    expect(events[0]).toEqual({
      id: 'Cvf4XX17hSAgXDdGEd',
      source: 'otrf-apt29-day1-combined_zeek.jsonl',
      format: 'zeek',
      class: 'network_flow',
      time: 1588205199824,
      action: 'conn',
      outcome: 'success',
      raw: 'otrf-apt29-day1-combined_zeek.jsonl:1',
      srcIp: '10.0.1.6',
      srcPort: 54243,
      dstIp: '10.0.0.4',
      dstPort: 53,
      protocol: 'udp',
      bytesOut: 39,
      bytesIn: 55,
      attrs: {
        service: 'dns',
        duration: '0.001528024673461914',
        conn_state: 'SF',
        history: 'Dd',
        orig_pkts: '1',
        resp_pkts: '1',
        sensor: 'bobs.bigwheel.local',
      },
    });
    const krb = events.find((e) => e.id === 'CwVGDs3YtoDpSkn2S2' && e.action === 'kerberos');
    expect(krb).toMatchObject({
      outcome: 'failure',
      dstPort: 88,
      attrs: { client: 'pbeesly/dmevals', service: 'krbtgt/dmevals', success: 'false', request_type: 'AS' },
    });
    const http = events.find((e) => e.action === 'http');
    expect(http?.attrs).toMatchObject({
      method: 'OPTIONS',
      uri: '/',
      status_code: '403',
      user_agent: 'DavClnt',
    });
    // files and x509 have no uid: their fuid / id is the record id.
    expect(events.find((e) => e.action === 'files')?.id).toBe('FZ7E9x2gD5KHc8KoDg');
    expect(events.find((e) => e.action === 'x509')?.id).toBe('F1v6sJmRC73GU6WT3');
    const weird = events.find((e) => e.action === 'weird');
    expect(weird?.id).toMatch(/^otrf-apt29-day1-combined_zeek\.jsonl:\d+$/);
    expect(events.find((e) => e.action === 'smb_mapping')?.attrs?.path).toBe(
      '\\\\NEWYORK.dmevals.local\\IPC$',
    );
    expect(events.find((e) => e.action === 'dce_rpc')?.attrs).toMatchObject({ endpoint: 'epmapper' });
  });

  it('maps native dotted-key JSON, epoch and ISO ts, and rejects bad records', () => {
    const { events, rejects } = runFile(`${FIX}/json-native.log`);
    expect(events.map((e) => [e.id, e.action, e.time])).toEqual([
      ['CMdzit1AMNsmfAIiQc', 'conn', 1591367999306],
      ['CiSO', 'conn', Date.parse('2020-06-05T14:40:00.123Z')],
      ['CdnsQ', 'dns', 1591367999400],
    ]);
    expect(events[0]).toMatchObject({
      srcIp: '192.168.4.76',
      srcPort: 36844,
      dstIp: '192.168.4.1',
      dstPort: 53,
      bytesOut: 62,
      bytesIn: 141,
      attrs: { local_orig: 'true', conn_state: 'SF' },
    });
    expect(events[2]!.attrs).toMatchObject({ query: 'example.org', qtype_name: 'A', rcode_name: 'NOERROR' });
    expect(rejects.map((r) => [r.reason, r.position])).toEqual([
      ['missing_field', '4'],
      ['bad_time', '5'],
      ['not_json', '6'],
      ['bad_shape', '7'],
    ]);
  });
});

describe('zeek robustness', () => {
  it('sniffs TSV and both JSON variants, not other JSON', () => {
    expect(zeekParser.sniff(readFileSync(LABELED_008, 'utf8').slice(0, 4096), 'conn.log.labeled')).toBe(1);
    expect(zeekParser.sniff(readFileSync(APT29, 'utf8').slice(0, 4096), 'x.jsonl')).toBeGreaterThan(0.8);
    expect(zeekParser.sniff(readFileSync(`${FIX}/json-native.log`, 'utf8'), 'x.log')).toBeGreaterThan(0.8);
    expect(zeekParser.sniff('{"resourceType":"AuditEvent","id":"x"}\n', 'a.json')).toBe(0);
    expect(zeekParser.sniff('Mar 27 13:06:56 host sshd[1]: hi\n', 'auth.log')).toBe(0);
  });

  it('never throws on garbage, empty, truncated or huge input', () => {
    expect(run('').rejects).toMatchObject([{ reason: 'empty_input' }]);
    expect(run('', 'x', true).rejects).toMatchObject([{ reason: 'empty_input' }]);
    const garbage = [
      '\u0000\u0001\u0002',
      '{',
      '#fields',
      '#separator ',
      '\t\t\t',
      '}{',
      '#types\tx',
      '{"ts":{}}',
    ];
    expect(() => run(garbage.join('\n'))).not.toThrow();
    const header = readFileSync(LABELED_008, 'utf8').split('\n').slice(0, 9).join('\n');
    const cut = run(header.slice(0, header.length - 40), 'x', true);
    expect(cut.rejects).toMatchObject([{ reason: 'bad_zeek' }]);
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const h = run(`#separator \\x09\n#fields\tts\tuid\n${huge}`);
    expect(h.rejects).toHaveLength(1);
    expect(h.rejects[0]!.raw.length).toBeLessThanOrEqual(1024 * 1024);
    expect(() => run(`{${huge}`)).not.toThrow();
  });
});
