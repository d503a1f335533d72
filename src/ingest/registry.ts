/** Every format Ward reads, by id. A new format is one file in this folder plus one line here. */
import type { FormatParser } from './parser.js';
import { atnaParser } from './atna.js';
import { cefParser } from './cef.js';
import { deviceTelemetryParser } from './device-telemetry.js';
import { ehrCsvParser } from './ehr-csv.js';
import { fhirAuditEventParser } from './fhir-audit-event.js';
import { fhirBulkParser } from './fhir-bulk.js';
import { hl7v2Parser } from './hl7v2.js';
import { syslogParser } from './syslog.js';
import { windowsEventParser } from './windows-event.js';
import { zeekParser } from './zeek.js';

/** All parsers, in the order sniffing breaks ties (more specific formats first). */
export const FORMATS: readonly FormatParser[] = [
  windowsEventParser,
  deviceTelemetryParser,
  fhirAuditEventParser,
  fhirBulkParser,
  zeekParser,
  atnaParser,
  hl7v2Parser,
  cefParser,
  ehrCsvParser,
  syslogParser,
];

/** The parser with this id, or undefined. */
export function formatById(id: string): FormatParser | undefined {
  return FORMATS.find((f) => f.id === id);
}
