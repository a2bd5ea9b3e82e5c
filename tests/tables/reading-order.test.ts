/**
 * `pdftotext` in its default reading order (no -layout, no -bbox) returns each table cell's text
 * whole: poppler (TextOutputDev) joins words on the same lines into one block, interleaving their
 * lines, when they are less than one font size apart; the cell margins keep two cells' texts at
 * least 1.1 字 apart, so each cell is a block of its own. Checked on the tables fixture, on the
 * 淮安市人民政府 2024 example (its 表二, 表三 and 表四, the last two set smaller) and on a table made
 * for it: long texts side by side in every column. `pdftotext -layout` keeps the rows readable.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { compileReport } from '../../src/compile.js';
import { readDeclaration } from '../../src/data/declaration.js';
import { validateReportText } from '../../src/data/validate.js';
import type { Doc } from '../../src/document/types.js';
import { toPdf } from '../../src/render/pdf/index.js';
import type { Layout } from '../../src/render/pdf/layout.js';
import { REPO } from '../helpers/cli.js';
import { has, tempFile } from '../helpers/pdf.js';
import { tablesDoc } from '../helpers/tables.js';
import { EXAMPLE_DIR } from '../helpers/xxgk.js';

const run = promisify(execFile);

/** A project folder's year compiled to the document model, with `template` instead of its own when given. */
function docOf(dir: URL, templateFile: string, template?: string): Doc {
  const read = (p: string) => readFileSync(new URL(p, dir), 'utf8');
  const model = readDeclaration(read('model.yaml'), 'model.yaml');
  if (!model.ok) throw new Error(JSON.stringify(model.diagnostics));
  const data = validateReportText(model.value, read('data/2024.yaml'), { file: 'data/2024.yaml', expectedYear: 2024 });
  if (!data.ok) throw new Error(JSON.stringify(data.diagnostics));
  const r = compileReport(model.value, data.value, { file: templateFile, text: template ?? read(templateFile) });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** A table whose neighbouring cells all run onto several lines, in every column and alignment. */
const NEIGHBOURS = `= 相邻单元格测试

::: 表格 表1　相邻的多行单元格
| 事项 | 做法 | 成效 | 数量 |
|:--- |:---:| ---:| ---:|
| 行政执法培训与考核的组织实施情况 | 全年举办执法培训四期，覆盖全部执法人员 | 培训后组织闭卷考试并通报成绩，合格率百分之百 | 1234 |
| 规范性文件备案审查 | 规范性文件备案审查的时限与程序要求逐条对照落实 | 全部按期报备 | 56 |
| 政务公开 | 开展政务公开标准化规范化建设 | 群众满意度调查满意率达到百分之九十五以上 | 7 |
:::
`;

const squash = (s: string) => s.replace(/\s+/gu, '');

interface Case {
  readonly name: string;
  readonly layout: Layout;
  /** pdftotext's default output, and with -layout. */
  readonly plain: string;
  readonly physical: string;
}

async function read(name: string, doc: Doc): Promise<Case> {
  const fonts = await resolveFonts({}, REPO);
  if (!fonts.ok) throw new Error('fonts');
  const pdf = await toPdf(doc, fonts.value, { creationDate: new Date('2025-01-20T00:00:00Z') });
  const file = tempFile(pdf.bytes, `${name}.pdf`);
  const plain = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })).stdout;
  const physical = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 64 << 20 })).stdout;
  return { name, layout: pdf.layout, plain, physical };
}

/** Cells drawn on more than one line, with their lines, page by page. */
function multiLineCells(layout: Layout): { page: number; text: string; lines: number }[] {
  const out: { page: number; text: string; lines: number }[] = [];
  layout.pages.forEach((page, i) => {
    const tableLines = page.lines.filter((l) => l.kind === 'table');
    for (const cell of page.cells ?? []) {
      if (cell.text === '') continue;
      const inside = tableLines.filter((l) => {
        const x = l.runs[0]?.x ?? -1;
        return x > cell.x0 && x < cell.x1 && l.baseline > cell.y0 && l.baseline < cell.y1;
      });
      if (inside.length > 1) out.push({ page: i, text: cell.text, lines: inside.length });
    }
  });
  return out;
}

describe.skipIf(!has('pdftotext'))('pdftotext reads each table cell whole', () => {
  const cases: Case[] = [];
  beforeAll(async () => {
    cases.push(await read('tables-fixture', tablesDoc()));
    cases.push(await read('xxgk-huaian', docOf(EXAMPLE_DIR, 'templates/report.hbs')));
    cases.push(await read('neighbours', docOf(new URL('../fixtures/tables/', import.meta.url), 'templates/neighbours.hbs', NEIGHBOURS)));
  }, 120_000);

  it('in its default reading order: every cell of several lines is one contiguous string', () => {
    for (const c of cases) {
      const cells = multiLineCells(c.layout);
      // Each case has cells of several lines side by side (labels, 2021-format headers such as 结果/维持).
      expect(cells.length, c.name).toBeGreaterThan(c.name === 'neighbours' ? 6 : 15);
      const pages = c.plain.split('\f').map(squash);
      for (const cell of cells) expect(pages[cell.page], `${c.name}, page ${cell.page + 1}: “${cell.text}”`).toContain(squash(cell.text));
    }
  });

  it('every cell of one line too, numbers included', () => {
    for (const c of cases) {
      const pages = c.plain.split('\f').map((p) => p.split('\n').map(squash));
      c.layout.pages.forEach((page, i) => {
        for (const cell of page.cells ?? []) {
          if (cell.text === '') continue;
          expect(pages[i]!.join(''), `${c.name}, page ${i + 1}`).toContain(squash(cell.text));
          // A number is a line of its own (never joined to a label, never split).
          if (/^\d+(\.\d+)?$/.test(cell.text)) expect(pages[i], `${c.name}, page ${i + 1}: ${cell.text}`).toContain(cell.text);
        }
      });
    }
  });

  it('the 2021 format’s tables: 表二 in 小四, 表三 in 五号, 表四 (15 columns) in 小五', () => {
    const sizes = (c: Case, word: string) => new Set(c.layout.pages.flatMap((p) => p.lines.filter((l) => l.kind === 'table' && l.text.includes(word)).map((l) => l.size)));
    const xxgk = cases.find((c) => c.name === 'xxgk-huaian')!;
    expect(sizes(xxgk, '本年制发件数')).toEqual(new Set([12]));
    expect(sizes(xxgk, '三、本')).toEqual(new Set([10.5]));
    expect(sizes(xxgk, '未经复议直接起诉')).toEqual(new Set([9]));
  });

  it('with -layout, a row’s figures stay on one line in the order of the columns', () => {
    const xxgk = cases.find((c) => c.name === 'xxgk-huaian')!;
    const rows = xxgk.physical.split('\n').map((l) => l.trim().split(/\s+/u).join(' '));
    expect(rows).toContain('3001 53 0 0 61 4 3119');
    expect(rows).toContain('72 64 178 37 351 13 4 8 1 26 12 1 1 6 20');
    expect(rows).toContain('（一）予以公开 1288 21 0 0 50 3 1362');
    expect(rows).toContain('2.重复申请 25 0 0 0 0 0 25');
    const neighbours = cases.find((c) => c.name === 'neighbours')!;
    expect(neighbours.physical).toMatch(/^行政执法培训与考 +全年举办执法培训四期，$/mu);
  });
});
