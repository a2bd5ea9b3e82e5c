/** The sample project compiled to the document model, for writer tests. */
import { readFileSync } from 'node:fs';
import { compileReport } from '../../src/compile.js';
import type { ReportData } from '../../src/data/schema.js';
import { validateReportText } from '../../src/data/validate.js';
import type { Doc } from '../../src/document/types.js';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');

/** The validated data of data/2024.yaml. */
export function sampleData(): ReportData {
  const r = validateReportText(read('data/2024.yaml'), { file: 'data/2024.yaml', expectedYear: 2024 });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** Compiles data (the sample's by default) with the sample template. */
export function sampleDoc(data: ReportData = sampleData()): Doc {
  const r = compileReport(data, { file: 'templates/annual-report.hbs', text: read('templates/annual-report.hbs') });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}
