/** End-to-end: real sample files through parse → detect, and broken input that must never stop a run. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Alert, ContextRecord, DeadLetter, WardEvent } from './model/index.js';
import { alertSchema } from './model/index.js';
import { analyze, type AnalyzeCheckpoint, type RunOutput } from './pipeline.js';

const DATA = '../shared/data';

function memoryOutput() {
  const events: WardEvent[] = [];
  const context: ContextRecord[] = [];
  const dead: DeadLetter[] = [];
  const alerts: Alert[] = [];
  const output: RunOutput = {
    event: (e) => events.push(e),
    context: (c) => context.push(c),
    deadLetter: (d) => dead.push(d),
    alert: (a) => alerts.push(a),
    pending: 0,
    flush: () => Promise.resolve(),
  };
  return { events, context, dead, alerts, output };
}

async function tmpFile(name: string, data: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ward-pipeline-'));
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

describe('analyze on real samples', () => {
  it('flags the brute-forcing sources of the sshd auth.log, with reasons and evidence line ids', async () => {
    const m = memoryOutput();
    const s = await analyze({ inputs: [`${DATA}/syslog/auth.log`], output: m.output, parse: { year: 2026 } });
    expect(s.files[0]?.format).toBe('syslog');
    expect(s.events).toBe(7121);
    const brute = m.alerts.filter((a) => a.detector === 'auth.bruteforce' || a.detector === 'auth.spray');
    const sources = new Set(brute.map((a) => a.entities.srcIp));
    // The top guessing source of the file (157 failures) must be named; the admin IP that only succeeds must not.
    expect(sources).toContain('24.151.103.17');
    expect(sources).not.toContain('85.245.107.41');
    for (const a of m.alerts) {
      expect(alertSchema.safeParse(a).success).toBe(true);
      expect(a.reasons.length).toBeGreaterThan(0);
      for (const id of a.events) expect(id).toMatch(/^auth\.log:\d+$/);
    }
    const ids = new Set(m.events.map((e) => e.id));
    for (const a of m.alerts) for (const id of a.events) expect(ids.has(id)).toBe(true);
  });

  it('flags SMB password guessing and Kerberos enumeration in the Windows samples', async () => {
    const m = memoryOutput();
    await analyze({ inputs: [`${DATA}/windows`], output: m.output });
    const smb = m.alerts.filter((a) => a.entities.srcIp === '192.168.198.149');
    expect(smb.some((a) => a.detector === 'auth.bruteforce')).toBe(true);
    const kerb = m.alerts.filter((a) => a.entities.srcIp === '10.23.123.11');
    expect(kerb.some((a) => a.detector === 'auth.spray' || a.detector === 'auth.bruteforce')).toBe(true);
    for (const a of m.alerts) {
      // Guessing (T1110), use of a guessed account (T1078), or Kerberos ticket theft such as AS-REP roasting (T1558).
      expect(a.attack.some((t) => /^T1(110|078|558)\b/.test(t))).toBe(true);
      expect(a.events.length).toBeGreaterThan(0);
    }
  });

  it('reads every sample format of the shared data without a crash, and accounts for every record', async () => {
    const m = memoryOutput();
    const s = await analyze({
      inputs: [`${DATA}/fhir/auditevent-examples`, `${DATA}/atna`, `${DATA}/zeek`],
      context: [`${DATA}/fhir/bulk-10-patients`, `${DATA}/hl7v2`],
      output: m.output,
    });
    const formats = new Set(s.files.map((f) => f.format));
    for (const f of ['fhir-audit-event', 'atna', 'zeek', 'fhir-bulk', 'hl7v2']) expect(formats).toContain(f);
    expect(s.contextByKind.patient).toBeGreaterThanOrEqual(13);
    expect(s.eventsByClass.network_flow).toBeGreaterThan(10_000);
    // The one file no parser claims is the bulk export's own operation log, which is not FHIR data.
    const unknown = s.files.filter((f) => f.format === 'unknown').map((f) => f.path);
    expect(unknown).toEqual([`${DATA}/fhir/bulk-10-patients/log.ndjson`]);
    expect(s.rejectedByReason.unknown_format).toBe(4);
  });
});

describe('bad input never stops a run', () => {
  it('turns a file of garbage into dead letters with a clear reason', async () => {
    const m = memoryOutput();
    const garbage = await tmpFile('garbage.txt', 'nothing here, no known format\n@@@@ ### %%%%\n');
    const good = await tmpFile(
      'ok.log',
      'Mar  1 10:00:00 h sshd[1]: Accepted password for a from 10.0.0.1 port 2 ssh2\n',
    );
    const s = await analyze({ inputs: [garbage, good], output: m.output, parse: { year: 2026 } });
    expect(s.events).toBe(1);
    expect(m.dead.filter((d) => d.source === 'garbage.txt')).toHaveLength(2);
    expect(m.dead[0]).toMatchObject({ reason: 'unknown_format', position: '1' });
    expect(m.dead[0]!.detail).toMatch(/--format/);
    expect(s.rejectedByReason.unknown_format).toBe(2);
  });

  it('rejects a binary file (EVTX) once, saying how to read it, instead of line by line', async () => {
    const m = memoryOutput();
    const s = await analyze({
      inputs: [`${DATA}/windows/kerberos-user-enumeration-kerbrute.evtx`],
      output: m.output,
    });
    expect(s.events).toBe(0);
    expect(m.dead).toHaveLength(1);
    expect(m.dead[0]!.reason).toBe('unknown_format');
    expect(m.dead[0]!.detail).toMatch(/EVTX.*JSON/);
  });

  it('keeps the lines before the break of a truncated gzip, and reports the break', async () => {
    const lines = Array.from(
      { length: 4000 },
      (_, i) =>
        `Mar  1 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:00 h sshd[1]: Failed password for root from 203.0.113.9 port ${1000 + i} ssh2 ${'x'.repeat(30)}`,
    ).join('\n');
    const gz = gzipSync(lines);
    const path = await tmpFile('cut.log.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const m = memoryOutput();
    const s = await analyze({ inputs: [path], output: m.output, parse: { year: 2026 } });
    expect(s.events).toBeGreaterThan(1000);
    expect(s.rejectedByReason.truncated_gzip).toBe(1);
    expect(m.dead.find((d) => d.reason === 'truncated_gzip')?.detail).toMatch(/broke off after line \d+/);
  });

  it('dead-letters every row of an EHR CSV that lacks required columns, naming them', async () => {
    const path = await tmpFile(
      'access.csv',
      'access_id,time,department\n1,2026-03-01T10:00:00Z,ICU\n2,2026-03-01T10:01:00Z,ED\n',
    );
    const m = memoryOutput();
    const s = await analyze({ inputs: [path], output: m.output, format: 'ehr-csv' });
    expect(s.events).toBe(0);
    expect(m.dead.filter((d) => d.reason === 'missing_field')).toHaveLength(2);
    expect(m.dead[0]!.detail).toMatch(/user|patient/);
  });

  it('dead-letters a 10 MB single line and reads the lines around it', async () => {
    const big = '{"resourceType":"AuditEvent","id":"x","note":"' + 'z'.repeat(10 * 1024 * 1024) + '"}';
    const ok =
      '{"resourceType":"AuditEvent","id":"ae-1","recorded":"2026-03-01T10:00:00Z","type":{"code":"rest"},"agent":[{"requestor":true,"who":{"reference":"Practitioner/p1"}}],"source":{"observer":{"display":"ehr"}},"entity":[{"what":{"reference":"Patient/9"}}]}';
    const path = await tmpFile('audit.ndjson', `${ok}\n${big}\n${ok.replace('ae-1', 'ae-2')}\n`);
    const m = memoryOutput();
    const s = await analyze({ inputs: [path], output: m.output, maxLine: 4 * 1024 * 1024 });
    expect(s.events).toBe(2);
    const d = m.dead.find((x) => x.reason === 'line_too_long');
    expect(d?.position).toBe('2');
    expect(d?.detail).toMatch(/10485\d+ characters/);
  });
});

describe('checkpoint and resume', () => {
  it('a run stopped after a checkpoint and resumed gives the same alerts as one uninterrupted run', async () => {
    const inputs = [`${DATA}/syslog/auth.log`, `${DATA}/windows/smb-password-guessing-security.jsonl`];
    const whole = memoryOutput();
    await analyze({ inputs, output: whole.output, parse: { year: 2026 } });

    // First run: keep the first checkpoint, then "crash" at the second by throwing from the save.
    let saved: AnalyzeCheckpoint | undefined;
    let alertsAtCheckpoint = 0;
    const first = memoryOutput();
    const crash = new Error('simulated crash');
    await expect(
      analyze({
        inputs,
        output: first.output,
        parse: { year: 2026 },
        checkpoint: {
          every: 2000,
          load: () => Promise.resolve(undefined),
          save: (cp) => {
            if (saved) return Promise.reject(crash);
            saved = JSON.parse(JSON.stringify(cp)) as AnalyzeCheckpoint;
            alertsAtCheckpoint = first.alerts.length;
            return Promise.resolve();
          },
        },
      }),
    ).rejects.toBe(crash);
    expect(saved).toBeDefined();

    const second = memoryOutput();
    const s = await analyze({
      inputs,
      output: second.output,
      parse: { year: 2026 },
      checkpoint: { every: 1_000_000, load: () => Promise.resolve(saved), save: () => Promise.resolve() },
    });
    expect(s.resumed).toBe(true);
    // What the first run wrote up to its checkpoint plus what the resumed run wrote is exactly the whole run.
    const combined = [...first.alerts.slice(0, alertsAtCheckpoint), ...second.alerts];
    expect(combined.map((a) => a.id)).toEqual(whole.alerts.map((a) => a.id));
    expect(first.events.length).toBeGreaterThan(2000);
    expect(s.events).toBe(whole.events.length);
  });
});
