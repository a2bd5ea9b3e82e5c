/**
 * Edge cases of table pagination: a row taller than a page is split between its lines (nothing
 * lost, nothing past the 版心, the header repeated above each part) and carries no w:cantSplit in
 * the DOCX; a table that starts near the page bottom moves whole with its caption.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import type { Table } from '../../src/document/table.js';
import type { Doc } from '../../src/document/types.js';
import type { FontSet } from '../../src/fonts/types.js';
import { TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { toDocx } from '../../src/render/docx/index.js';
import { layoutWith } from '../../src/render/pdf/index.js';
import { REPO } from '../helpers/cli.js';
import { docxParts } from '../helpers/docx.js';

const LONG = '依法行政制度建设稳步推进，'.repeat(260);
const cell = (text: string, column: number) => ({ column, colSpan: 1, rowSpan: 1, spans: [{ text }] });
const table: Table = {
  type: 'table',
  caption: '表2 长表',
  columns: ['left', 'left'],
  head: [{ cells: [cell('事项', 0), cell('说明', 1)] }],
  body: [{ cells: [cell('甲', 0), cell(LONG, 1)] }, { cells: [cell('乙', 0), cell('短', 1)] }],
};
const doc = (before: number): Doc => ({
  meta: { title: 'T', issuer: '某单位', year: 2024, date: '2025-01-20' },
  blocks: [
    { type: 'title', text: '长表测试' },
    ...Array.from({ length: before }, () => ({ type: 'paragraph' as const, text: '正文。' })),
    table,
    { type: 'paragraph', text: '表后正文。' },
  ],
});

describe('tall rows and tables near the page end', () => {
  let fonts: FontSet;
  beforeAll(async () => {
    const r = await resolveFonts({}, REPO);
    if (!r.ok) throw new Error('fonts');
    fonts = r.value;
  }, 30_000);

  it('splits a row taller than a page between its lines, repeating the header, losing nothing', () => {
    const layout = layoutWith(doc(2), fonts);
    const pages = layout.pages.filter((p) => p.cells);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const drawn = pages.flatMap((p) => p.cells!.filter((c) => !c.head).map((c) => c.text)).join('');
    expect(drawn).toContain(LONG);
    for (const p of pages.slice(1)) {
      const head = p.cells!.filter((c) => c.head);
      expect(head.map((c) => c.text)).toEqual(['事项', '说明']);
      expect(Math.min(...head.map((c) => c.y0))).toBeCloseTo(TEXT_BLOCK_PT.top, 6);
    }
    const bottom = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height;
    for (const p of pages) {
      for (const c of p.cells!) expect(c.y1).toBeLessThanOrEqual(bottom + 1e-6);
      for (const l of p.lines.filter((x) => x.kind === 'table')) expect(l.baseline).toBeLessThan(bottom);
    }
    expect(layout.pages.at(-1)!.lines.some((l) => l.text === '表后正文。')).toBe(true);
  });

  it('writes no w:cantSplit on that row in the DOCX', async () => {
    const xml = docxParts(await toDocx(doc(2), { modified: new Date('2025-01-20T00:00:00Z') }))['word/document.xml']!;
    const rows = [...xml.matchAll(/<w:tr>.*?<\/w:tr>/gs)].map((m) => m[0]);
    expect(rows.map((r) => r.includes('<w:cantSplit/>'))).toEqual([true, false, true]);
  });

  it('moves a table that starts at the page end to the next page together with its caption', () => {
    // 19 one-line paragraphs after the title and its blank line: the 22nd line is the last free one.
    const layout = layoutWith(doc(19), fonts);
    const page1 = layout.pages[0]!;
    expect(page1.cells).toBeUndefined();
    expect(page1.lines.some((l) => l.kind === 'caption')).toBe(false);
    const page2 = layout.pages[1]!;
    expect(page2.lines.find((l) => l.kind === 'caption')?.slot).toBe(0);
  });
});
