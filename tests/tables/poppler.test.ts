/**
 * The tables fixture's PDF read back with poppler (`pdftotext -bbox`): every word inside the 版心,
 * the words inside each cell's box are that cell's text, whole (numbers never split), the header
 * rows of the long 表三 again at the top of each page it runs onto. Runs where poppler is installed.
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { cellText } from '../../src/document/table.js';
import type { Doc } from '../../src/document/types.js';
import { TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { toPdf } from '../../src/render/pdf/index.js';
import type { Layout } from '../../src/render/pdf/layout.js';
import { REPO } from '../helpers/cli.js';
import { has, tempFile } from '../helpers/pdf.js';
import { tablesDoc } from '../helpers/tables.js';

interface Word {
  readonly text: string;
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Words of each page as poppler finds them. */
function popplerWords(file: string): Word[][] {
  const out = spawnSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  return [...out.matchAll(/<page [^>]*>(.*?)<\/page>/gs)].map(([, body]) =>
    [...body!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    })),
  );
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe.skipIf(!has('pdftotext'))('tables in the PDF, read by poppler', () => {
  let doc: Doc;
  let layout: Layout;
  let words: Word[][];
  beforeAll(async () => {
    doc = tablesDoc();
    const fonts = await resolveFonts({}, REPO);
    if (!fonts.ok) throw new Error('fonts');
    const pdf = await toPdf(doc, fonts.value, { creationDate: new Date('2025-01-20T00:00:00Z') });
    layout = pdf.layout;
    words = popplerWords(tempFile(pdf.bytes, 'tables.pdf'));
  }, 60_000);

  it('finds every word inside the 版心', () => {
    expect(words.length).toBe(layout.pages.length);
    const right = TEXT_BLOCK_PT.left + TEXT_BLOCK_PT.width;
    const bottom = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height;
    words.forEach((page, i) => {
      // The page number lies below the 版心 by design (§7.5); poppler's boxes reach the fonts' ascent.
      for (const w of page.filter((x) => x.y0 < bottom)) {
        expect(w.x0, `page ${i + 1} “${w.text}”`).toBeGreaterThanOrEqual(TEXT_BLOCK_PT.left - 0.5);
        expect(w.x1, `page ${i + 1} “${w.text}”`).toBeLessThanOrEqual(right + 0.5);
        expect(w.y1, `page ${i + 1} “${w.text}”`).toBeLessThanOrEqual(bottom + 1);
      }
    });
  });

  it('reads each cell’s text whole from inside its box, numbers unsplit', () => {
    let checked = 0;
    layout.pages.forEach((page, i) => {
      for (const cell of page.cells ?? []) {
        const inside = words[i]!.filter((w) => {
          const cx = (w.x0 + w.x1) / 2;
          const cy = (w.y0 + w.y1) / 2;
          return cx > cell.x0 && cx < cell.x1 && cy > cell.y0 && cy < cell.y1;
        });
        expect(squash(inside.map((w) => w.text).join('')), `page ${i + 1}`).toBe(squash(cell.text));
        // A number is one word: never broken across lines or cells.
        if (/^[\d.]+$/.test(cell.text)) expect(inside.map((w) => w.text)).toEqual([cell.text]);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(250);
    // Every cell of the document is somewhere, whole.
    const drawn = new Set(layout.pages.flatMap((p) => (p.cells ?? []).map((c) => squash(c.text))));
    for (const b of doc.blocks) {
      if (b.type !== 'table') continue;
      for (const c of [...b.head, ...b.body].flatMap((r) => r.cells)) expect(drawn.has(squash(cellText(c)))).toBe(true);
    }
  });

  it('repeats 表三’s header rows at the top of each page it runs onto', () => {
    const pages = words.map((p, i) => ({ i, p })).filter(({ p }) => p.some((w) => w.text === '申请人情况'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const { p } of pages.slice(1)) {
      const header = p.find((w) => w.text === '申请人情况')!;
      expect(header.y0).toBeLessThan(TEXT_BLOCK_PT.top + 20);
      expect(p.filter((w) => w.y0 < header.y0 - 1)).toEqual([]);
      for (const label of ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '总计']) {
        expect(squash(p.map((w) => w.text).join(''))).toContain(label.slice(0, 2));
      }
    }
  });
});
