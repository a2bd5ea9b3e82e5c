import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../src/compile.js';
import { validateReportText } from '../../src/data/validate.js';
import { toText } from '../../src/render/text.js';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');

describe('sample 2024', () => {
  it('validates and compiles to text', () => {
    const data = validateReportText(read('data/2024.yaml'), { file: 'data/2024.yaml', expectedYear: 2024 });
    if (!data.ok) throw new Error(JSON.stringify(data.diagnostics, null, 1));
    const doc = compileReport(data.value, { file: 'templates/annual-report.hbs', text: read('templates/annual-report.hbs') });
    if (!doc.ok) throw new Error(JSON.stringify(doc.diagnostics, null, 1));
    console.log(toText(doc.value));
    expect(doc.value.blocks.length).toBeGreaterThan(10);
  });
});
