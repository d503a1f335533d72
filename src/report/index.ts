/** Public surface of reports: the patient access report, its CSV, HTML and PDF renderings, and the store reader. */
export * from './patient-access.js';
export * from './csv.js';
export * from './html.js';
export * from './pdf.js';
export * from './from-store.js';
