/**
 * The table node through the three writers: the TXT table, the DOCX's w:tbl (spans, header
 * repeat, cantSplit, widths summing to the 版心), and the PDF layout (columns filling the 版心,
 * cells and rules inside it, header rows repeated after a page break, the grid resuming below).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { cellText, type Table } from '../../src/document/table.js';
import type { Doc } from '../../src/document/types.js';
import { LINE_PITCH_PT, TEXT_BLOCK_PT, TEXT_BLOCK_WIDTH_TWIPS } from '../../src/layout/gbt9704.js';
import { toDocx } from '../../src/render/docx/index.js';
import { layoutWith } from '../../src/render/pdf/index.js';
import type { Layout } from '../../src/render/pdf/layout.js';
import { toText } from '../../src/render/text.js';
import { docxParts, style } from '../helpers/docx.js';
import { REPO } from '../helpers/cli.js';
import { tablesDoc } from '../helpers/tables.js';

const small: Table = {
  type: 'table',
  caption: '表1 示例',
  columns: ['left', 'center', 'right'],
  head: [
    { cells: [{ column: 0, colSpan: 1, rowSpan: 2, spans: [{ text: '类别' }] }, { column: 1, colSpan: 2, rowSpan: 1, spans: [{ text: '数量' }] }] },
    { cells: [{ column: 1, colSpan: 1, rowSpan: 1, spans: [{ text: '本年' }] }, { column: 2, colSpan: 1, rowSpan: 1, spans: [{ text: '上年' }] }] },
  ],
  body: [
    { cells: [{ column: 0, colSpan: 1, rowSpan: 2, spans: [{ text: '甲类“事项”' }] }, { column: 1, colSpan: 1, rowSpan: 1, spans: [{ text: '12' }] }, { column: 2, colSpan: 1, rowSpan: 1, spans: [{ text: '3' }] }] },
    { cells: [{ column: 1, colSpan: 2, rowSpan: 1, spans: [{ text: '合并' }, { text: '（注）', note: true }] }] },
  ],
};
const smallDoc: Doc = {
  meta: { title: 'T', issuer: '某单位', year: 2024, date: '2025-01-20' },
  blocks: [{ type: 'title', text: 'T' }, small, { type: 'paragraph', text: '正文。' }],
};

describe('TXT', () => {
  it('writes aligned columns (汉字 two wide), merged labels once, a rule under the header', () => {
    expect(toText(smallDoc)).toBe(
      [
        'T',
        '',
        '表1 示例',
        '+--------------+------+------+',
        '|     类别     |    数量     |',
        '|              | 本年 | 上年 |',
        '+==============+======+======+',
        '| 甲类“事项” |  12  |    3 |',
        '|              | 合并（注）  |',
        '+--------------+------+------+',
        '　　正文。',
        '',
      ].join('\n'),
    );
  });
});

describe('DOCX', () => {
  let xml: string;
  let styles: string;
  let doc: Doc;
  beforeAll(async () => {
    doc = tablesDoc();
    const parts = docxParts(await toDocx(doc, { modified: new Date('2025-01-20T00:00:00Z') }));
    xml = parts['word/document.xml']!;
    styles = parts['word/styles.xml']!;
  });
  const tables = () => [...xml.matchAll(/<w:tbl>.*?<\/w:tbl>/gs)].map((m) => m[0]);
  const rows = (tbl: string) => [...tbl.matchAll(/<w:tr>.*?<\/w:tr>/gs)].map((m) => m[0]);

  it('writes each table as a w:tbl as wide as the 版心, its columns summing to 8845 twips exactly', () => {
    expect(tables()).toHaveLength(4);
    expect(TEXT_BLOCK_WIDTH_TWIPS).toBe(8845);
    for (const t of tables()) {
      expect(t).toContain('<w:tblW w:type="dxa" w:w="8845"/>');
      expect(t).toContain('<w:tblLayout w:type="fixed"/>');
      const cols = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      expect(cols.reduce((s, w) => s + w, 0)).toBe(8845);
      // Every row's cells cover the grid exactly.
      for (const r of rows(t)) {
        const widths = [...r.matchAll(/<w:tcW w:type="dxa" w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
        expect(widths.reduce((s, w) => s + w, 0)).toBe(8845);
      }
    }
    const counts = tables().map((t) => [...t.matchAll(/<w:gridCol /g)].length);
    expect(counts).toEqual([3, 4, 10, 15]);
  });

  it('merges cells with gridSpan and vMerge as the 2021 format’s 表三 does', () => {
    const t3 = rows(tables()[2]!);
    expect(t3).toHaveLength(28);
    // Row 1: the note over 3 columns × 3 rows, then 申请人情况 over 7.
    expect(t3[0]).toMatch(/<w:gridSpan w:val="3"\/><w:vMerge w:val="restart"\/>.*（本列数据的勾稽关系为/s);
    expect(t3[0]).toMatch(/<w:gridSpan w:val="7"\/>.*申请人情况/s);
    expect(t3[1]).toMatch(/^<w:tr>.*?<w:gridSpan w:val="3"\/><w:vMerge w:val="continue"\/>/s);
    // 三、本年度办理结果 spans 22 rows: one restart, 21 continuations in the first column.
    expect(t3[5]).toMatch(/<w:vMerge w:val="restart"\/>.*三、本年度办理结果/s);
    const firstCell = (r: string) => /<w:tc>.*?<\/w:tc>/s.exec(r)![0];
    expect(t3.slice(6, 27).every((r) => firstCell(r).includes('<w:vMerge w:val="continue"/>'))).toBe(true);
    expect(firstCell(t3[27]!)).not.toContain('vMerge');
    // Every row holds 10 grid columns.
    for (const r of t3) {
      const spans = [...r.matchAll(/<w:tc>.*?<\/w:tc>/gs)].map((c) => Number(/<w:gridSpan w:val="(\d+)"/.exec(c[0])?.[1] ?? 1));
      expect(spans.reduce((s, n) => s + n, 0)).toBe(10);
    }
  });

  it('marks header rows to repeat on each page and keeps rows from splitting', () => {
    const t3 = rows(tables()[2]!);
    expect(t3.map((r) => r.includes('<w:tblHeader/>'))).toEqual([true, true, true, ...new Array(25).fill(false)]);
    for (const t of tables()) for (const r of rows(t)) expect(r).toContain('<w:cantSplit/>');
  });

  it('centres cell text vertically, sets borders of 0.5 pt and cell margins, notes in 楷体, cell text 小四 仿宋 off the grid', () => {
    // Left and right margins 0.55 字 of the table's size (小四 3.3 pt = 132 twips, 五号 116, 小五 99).
    const margins = tables().map((t) => /<w:tblCellMar><w:top w:type="dxa" w:w="57"\/><w:left w:type="dxa" w:w="(\d+)"\/>/.exec(t)?.[1]);
    expect(margins).toEqual(['132', '132', '116', '99']);
    for (const t of tables()) {
      expect(t).toContain('<w:top w:val="single" w:color="000000" w:sz="4" w:space="0"/>');
      expect(t).toContain('<w:insideV w:val="single" w:color="000000" w:sz="4" w:space="0"/>');
      expect([...t.matchAll(/<w:tc>/g)].length).toBe([...t.matchAll(/<w:vAlign w:val="center"\/>/g)].length);
    }
    // 表三 (五号) and 表四 (小五) say their size and line pitch on every paragraph and run; 小四 is the style's.
    const [t1, t2, t3, t4] = tables();
    for (const t of [t1!, t2!]) expect(t).not.toMatch(/<w:sz |w:lineRule="exact"/);
    expect([...t3!.matchAll(/<w:spacing w:line="280" w:lineRule="exact"\/>/g)].length).toBe([...t3!.matchAll(/<w:p>/g)].length);
    expect([...t3!.matchAll(/<w:sz w:val="21"\/>/g)].length).toBe([...t3!.matchAll(/<w:r>/g)].length);
    expect([...t4!.matchAll(/<w:spacing w:line="240" w:lineRule="exact"\/>/g)].length).toBe([...t4!.matchAll(/<w:p>/g)].length);
    expect([...t4!.matchAll(/<w:sz w:val="18"\/>/g)].length).toBe([...t4!.matchAll(/<w:r>/g)].length);
    expect(xml).toMatch(/<w:rStyle w:val="TableNote"\/>(<w:sz w:val="21"\/><w:szCs w:val="21"\/>)?<\/w:rPr><w:t xml:space="preserve">（区分处理的，只计这一情形，不计其他情形）<\/w:t>/);
    expect(style(styles, 'TableNote')).toContain('w:eastAsia="楷体_GB2312"');
    const text = style(styles, 'TableText');
    expect(text).toContain('w:eastAsia="仿宋_GB2312"');
    expect(text).toContain('<w:sz w:val="24"/>');
    expect(text).toContain('<w:snapToGrid w:val="0"/><w:spacing w:line="320" w:lineRule="exact"/><w:ind w:firstLine="0"/>');
    expect(style(styles, 'TableCaption')).toContain('w:eastAsia="黑体"');
    expect(xml).toContain('<w:pStyle w:val="TableCaption"/>');
  });

  it('keeps every cell’s text', () => {
    const text = xml.replace(/<[^>]+>/g, '');
    for (const b of doc.blocks) {
      if (b.type !== 'table') continue;
      for (const c of [...b.head, ...b.body].flatMap((r) => r.cells)) expect(text).toContain(cellText(c));
    }
  });
});

describe('PDF layout', () => {
  let layout: Layout;
  let doc: Doc;
  beforeAll(async () => {
    doc = tablesDoc();
    const fonts = await resolveFonts({}, REPO);
    if (!fonts.ok) throw new Error('fonts');
    layout = layoutWith(doc, fonts.value);
  }, 30_000);
  const RIGHT = TEXT_BLOCK_PT.left + TEXT_BLOCK_PT.width;
  const BOTTOM = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height;

  it('fills the 版心 exactly with each table and keeps cells, text and rules inside it', () => {
    const pages = layout.pages.filter((p) => p.cells);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages) {
      const cells = p.cells!;
      expect(Math.min(...cells.map((c) => c.x0))).toBeCloseTo(TEXT_BLOCK_PT.left, 6);
      expect(Math.max(...cells.map((c) => c.x1))).toBeCloseTo(RIGHT, 6);
      for (const c of cells) {
        expect(c.y0).toBeGreaterThanOrEqual(TEXT_BLOCK_PT.top - 1e-6);
        expect(c.y1).toBeLessThanOrEqual(BOTTOM + 1e-6);
      }
      for (const r of p.tableRules!) {
        const half = r.width / 2;
        expect(Math.min(r.x0, r.x1) - half).toBeGreaterThanOrEqual(TEXT_BLOCK_PT.left - 1e-6);
        expect(Math.max(r.x0, r.x1) + half).toBeLessThanOrEqual(RIGHT + 1e-6);
        expect(Math.min(r.y0, r.y1) - half).toBeGreaterThanOrEqual(TEXT_BLOCK_PT.top - 1e-6);
        expect(Math.max(r.y0, r.y1) + half).toBeLessThanOrEqual(BOTTOM + 1e-6);
      }
      for (const l of p.lines.filter((x) => x.kind === 'table')) {
        for (const run of l.runs) {
          expect(run.x).toBeGreaterThanOrEqual(TEXT_BLOCK_PT.left);
          expect(run.x + run.width + run.spacing * ([...run.text].length - 1)).toBeLessThanOrEqual(RIGHT + 0.01);
        }
      }
    }
  });

  it('moves rows that do not fit to the next page and repeats the header rows there', () => {
    const withHeader = layout.pages.filter((p) => p.cells?.some((c) => c.text === '申请人情况'));
    expect(withHeader.length).toBeGreaterThanOrEqual(2);
    for (const next of withHeader.slice(1)) {
      // The repeated header starts at the top of the 版心, the body rows follow it.
      const note = next.cells!.find((c) => c.head && c.text.startsWith('（本列数据的勾稽关系为'))!;
      expect(note.text).toBe('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
      expect(note.y0).toBeCloseTo(TEXT_BLOCK_PT.top, 6);
      const body = next.cells!.filter((c) => !c.head && c.y0 >= note.y1 - 1e-6);
      expect(Math.min(...body.map((c) => c.y0))).toBeCloseTo(note.y1, 6);
      expect(body.some((c) => c.text !== '')).toBe(true);
    }
  });

  it('draws every cell’s text once and whole, merged labels on one page', () => {
    const drawn = layout.pages.flatMap((p) => (p.cells ?? []).filter((c) => !c.head && c.text !== '').map((c) => c.text));
    const heads = new Set(layout.pages.flatMap((p) => (p.cells ?? []).filter((c) => c.head).map((c) => c.text)));
    for (const b of doc.blocks) {
      if (b.type !== 'table') continue;
      for (const c of b.body.flatMap((r) => r.cells)) if (cellText(c) !== '') expect(drawn.filter((t) => t === cellText(c)).length).toBeGreaterThanOrEqual(1);
      for (const c of b.head.flatMap((r) => r.cells)) expect(heads.has(cellText(c))).toBe(true);
    }
    expect(drawn.filter((t) => t === '三、本年度办理结果')).toHaveLength(1);
    expect(drawn.filter((t) => t === '（三）不予公开')).toHaveLength(1);
  });

  it('resumes the 22-line grid below a table', () => {
    for (const p of layout.pages.filter((x) => x.cells)) {
      const bottom = Math.max(...p.cells!.map((c) => c.y1));
      const after = p.lines.filter((l) => l.slot >= 0 && l.baseline > bottom);
      for (const l of after) {
        const top = TEXT_BLOCK_PT.top + l.slot * LINE_PITCH_PT;
        expect(l.baseline).toBeCloseTo(top + 0.88 * l.size, 6);
        expect(top).toBeGreaterThan(bottom);
      }
    }
    const page1 = layout.pages[0]!;
    expect(page1.lines.some((l) => l.slot >= 0 && l.baseline > Math.max(...page1.cells!.map((c) => c.y1)))).toBe(true);
  });
});
