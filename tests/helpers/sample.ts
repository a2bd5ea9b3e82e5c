/** The sample project compiled to the document model, for writer tests. */
import { readFileSync } from 'node:fs';
import { compileReport } from '../../src/compile.js';
import { readDeclaration } from '../../src/data/declaration.js';
import type { Model, ReportData } from '../../src/data/model.js';
import { validateReportText } from '../../src/data/validate.js';
import type { Doc } from '../../src/document/types.js';
import { definitionsOf, type Definitions } from '../../src/diff/compare.js';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');

let model: Model | undefined;

/** The sample's data model (model.yaml), compiled. */
export function sampleModel(): Model {
  if (model) return model;
  const r = readDeclaration(read('model.yaml'), 'model.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return (model = r.value);
}

/** What `report diff` compares in the sample (labels and units from model.yaml). */
export function sampleDefinitions(): Definitions {
  return definitionsOf(sampleModel());
}

/** The validated data of data/YEAR.yaml (2023: the invented year of examples/瓦房镇-同比示例). */
export function loadYear(year: number): ReportData {
  const file = year === 2023 ? 'examples/瓦房镇-同比示例/data/2023.yaml' : `data/${year}.yaml`;
  const r = validateReportText(sampleModel(), read(file), { file: `data/${year}.yaml`, expectedYear: year });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** The validated data of data/2024.yaml. */
export function sampleData(): ReportData {
  return loadYear(2024);
}

/** Compiles data (the sample's by default) with the sample template. */
export function sampleDoc(data: ReportData = sampleData()): Doc {
  const r = compileReport(sampleModel(), data, { file: 'templates/annual-report.hbs', text: read('templates/annual-report.hbs') });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}
