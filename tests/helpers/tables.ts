/** The table fixture project (tests/fixtures/tables): its folder and its document model. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileReport } from '../../src/compile.js';
import { readDeclaration } from '../../src/data/declaration.js';
import { validateReportText } from '../../src/data/validate.js';
import type { Doc } from '../../src/document/types.js';

/** The fixture's folder: a project whose template has a small table from data and the 2021 format's tables 二, 三, 四. */
export const TABLES_PROJECT = fileURLToPath(new URL('../fixtures/tables/', import.meta.url));

const read = (p: string) => readFileSync(new URL(p, new URL('../fixtures/tables/', import.meta.url)), 'utf8');

/** The fixture compiled to the document model. */
export function tablesDoc(): Doc {
  const model = readDeclaration(read('model.yaml'), 'model.yaml');
  if (!model.ok) throw new Error(JSON.stringify(model.diagnostics));
  const data = validateReportText(model.value, read('data/2024.yaml'), { file: 'data/2024.yaml', expectedYear: 2024 });
  if (!data.ok) throw new Error(JSON.stringify(data.diagnostics));
  const r = compileReport(model.value, data.value, { file: 'templates/tables.hbs', text: read('templates/tables.hbs') });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}
