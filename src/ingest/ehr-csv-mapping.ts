/**
 * Column mapping of EHR access-log CSV exports: which header holds which Ward field. A default recognises common
 * header names case- and punctuation-insensitively; a user mapping (Ward field → header name) overrides it.
 * Documented in docs/formats/ehr-csv.md.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** Ward fields a column can map to. `attrs.<name>` is also accepted for any extra attribute. */
export const CSV_FIELDS = [
  'id',
  'time',
  'date',
  'user',
  'userName',
  'patient',
  'resource',
  'action',
  'status',
  'host',
  'srcIp',
  'purpose',
  'breakGlass',
  'department',
  'role',
  'userDepartment',
  'patientDepartment',
  'service',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Fields stored as `attrs` entries, under these keys. */
export const ATTR_FIELDS: Partial<Record<CsvField, string>> = {
  department: 'department',
  role: 'role',
  userDepartment: 'user_department',
  patientDepartment: 'patient_department',
  service: 'service',
};

/** Default header names per field, already normalized (see {@link normalizeHeader}), in order of preference. */
export const DEFAULT_HEADERS: Record<CsvField, readonly string[]> = {
  id: ['accessid', 'auditid', 'eventid', 'auditeventid', 'logid', 'id'],
  time: [
    'accesstime',
    'accessdatetime',
    'accesstimestamp',
    'timestamp',
    'eventtime',
    'eventdatetime',
    'datetime',
    'time',
  ],
  date: ['accessdate', 'eventdate', 'date'],
  user: ['userid', 'employeeid', 'empid', 'staffid', 'loginid', 'login', 'user'],
  userName: ['username', 'employeename', 'staffname', 'userfullname'],
  patient: ['patientid', 'mrn', 'patientmrn', 'patid', 'medicalrecordnumber', 'patient'],
  resource: ['datatype', 'recordtype', 'resourcetype', 'resource', 'section', 'module', 'report'],
  action: ['action', 'actiontype', 'accesstype', 'eventtype', 'activity'],
  status: ['status', 'outcome', 'result', 'accessstatus'],
  host: ['workstation', 'workstationid', 'device', 'computer', 'host', 'hostname', 'terminal'],
  srcIp: ['ip', 'ipaddress', 'clientip', 'srcip', 'sourceip'],
  purpose: ['reason', 'purpose', 'accessreason', 'purposeofuse'],
  breakGlass: ['breakglass', 'breaktheglass', 'btg', 'emergencyaccess'],
  department: ['department', 'dept'],
  role: ['role', 'userrole', 'jobtitle', 'jobrole'],
  userDepartment: ['userdepartment', 'userdept', 'employeedepartment'],
  patientDepartment: ['patientdepartment', 'patientdept', 'patientunit', 'unit'],
  service: ['service', 'serviceline', 'clinicalservice'],
};

/** Header name as compared: lower case, letters and digits only (`Access Time`, `access_time` → `accesstime`). */
export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Where each field lives in one CSV header. */
export interface ColumnMap {
  /** Column index per field; absent when the header has no such column. */
  cols: Partial<Record<CsvField, number>>;
  /** Extra `attrs.<name>` columns from a user mapping. */
  extra: { key: string; idx: number }[];
  /** Required fields the header lacks, each with what was looked for. */
  missing: string[];
}

const ATTR_KEY = /^attrs\.[A-Za-z][A-Za-z0-9_]*$/;
const KNOWN = new Set<string>(CSV_FIELDS);

/** Keys of a mapping that are not Ward fields (nor `attrs.<name>`). */
export function unknownMappingKeys(mapping: Record<string, string>): string[] {
  return Object.keys(mapping).filter((k) => !KNOWN.has(k) && !ATTR_KEY.test(k));
}

/** Resolve the columns of `header`: user mapping first, then the defaults for fields it leaves out. */
export function resolveColumns(header: string[], mapping: Record<string, string> | undefined): ColumnMap {
  const norm = header.map(normalizeHeader);
  const taken = new Set<number>();
  const cols: ColumnMap['cols'] = {};
  const extra: ColumnMap['extra'] = [];
  const notFound: Partial<Record<string, string>> = {};
  for (const [field, name] of Object.entries(mapping ?? {})) {
    const idx = norm.indexOf(normalizeHeader(name));
    if (idx === -1) {
      notFound[field] = name;
      continue;
    }
    taken.add(idx);
    if (KNOWN.has(field)) cols[field as CsvField] = idx;
    else if (ATTR_KEY.test(field)) extra.push({ key: field.slice(6), idx });
  }
  for (const field of CSV_FIELDS) {
    if (cols[field] !== undefined || (mapping && field in mapping)) continue;
    for (const alias of DEFAULT_HEADERS[field]) {
      const idx = norm.findIndex((n, i) => n === alias && !taken.has(i));
      if (idx !== -1) {
        cols[field] = idx;
        taken.add(idx);
        break;
      }
    }
  }
  // Exports that name staff only by display name still say who acted: use it as the user.
  if (cols.user === undefined && cols.userName !== undefined) cols.user = cols.userName;
  const missing: string[] = [];
  const why = (f: CsvField): string =>
    notFound[f] !== undefined ? `${f} (mapped to "${notFound[f]}", not in header)` : f;
  if (cols.time === undefined && cols.date === undefined) missing.push(why('time'));
  if (cols.user === undefined) missing.push(why('user'));
  if (cols.patient === undefined) missing.push(why('patient'));
  return { cols, extra, missing };
}

/** Schema of a mapping file: `{ "time": "AccessDTTM", … }`; unknown Ward field names are an error. */
export const csvMappingSchema = z.record(z.string(), z.string().min(1)).superRefine((m, ctx) => {
  for (const key of unknownMappingKeys(m)) {
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: `unknown Ward field "${key}" (known: ${CSV_FIELDS.join(', ')}, or attrs.<name>)`,
    });
  }
});

/**
 * Read and validate a JSON mapping file. Throws, naming the file and the key, when it is unreadable, not JSON
 * or names an unknown Ward field — a bad config stops start-up (STYLE.md "Bad input and errors").
 */
export async function loadCsvMapping(path: string): Promise<Readonly<Record<string, string>>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`ehr-csv mapping file ${path}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const parsed = csvMappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') ?? '';
    const where = key.length > 0 ? `key "${key}": ` : '';
    throw new Error(`ehr-csv mapping file ${path}: ${where}${issue?.message ?? 'invalid mapping'}`);
  }
  return Object.freeze(parsed.data);
}
