/**
 * The pure layout step, with a fake measurer: every character is 1 em except ASCII (½ em), and
 * some characters are missing from the primary font.
 */
import { describe, expect, it } from 'vitest';
import type { Block, Doc } from '../../src/document/types.js';
import type { FontMetrics } from '../../src/fonts/metrics.js';
import { CELL_PT, layoutDocument, type Measurer, type PlacedLine } from '../../src/render/pdf/layout.js';
import { LINE_PITCH_PT, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { LEFT, RIGHT } from '../helpers/text-block.js';

const fake = (key: string, missing = ''): FontMetrics => ({
  key,
  font: null,
  has: (c) => !missing.includes(c),
  advance: (c) => (c.charCodeAt(0) < 0x2e80 ? 0.5 : 1),
});
const role = (missing = '') => ({ primary: fake('main', missing), fallbacks: [fake('fallback')], families: { main: '主字体', fallback: '替补字体' } });
const measurer = (missing = ''): Measurer => ({ title: role(), body: role(missing), heading1: role(), heading2: role(), pageNumber: role() });

const doc = (blocks: Block[]): Doc => ({
  meta: { title: 'T', issuer: '某某镇人民政府', year: 2024, date: '2025-01-20' },
  blocks: [{ type: 'title', text: '某某镇人民政府报告' }, ...blocks],
});
const para = (text: string): Block => ({ type: 'paragraph', text });
const body = (lines: readonly PlacedLine[]) => lines.filter((l) => l.kind === 'body' || l.kind === 'heading');
/** Where the last character's cell ends: the fake font draws 汉字 1 em and ASCII ½ em wide. */
const lineEnd = (l: PlacedLine, grid = l.kind !== 'title' && l.kind !== 'pageNumber') => {
  const r = l.runs.at(-1)!;
  const chars = [...r.text];
  const adv = (c: string) => (c.charCodeAt(0) < 0x2e80 ? 0.5 : 1) * l.size;
  const cell = (c: string) => (grid && c.charCodeAt(0) >= 0x2e80 ? (CELL_PT * l.size) / 16 : adv(c));
  return r.x + chars.slice(0, -1).reduce((s, c) => s + adv(c) + r.spacing, 0) + cell(chars.at(-1)!);
};

describe('grid', () => {
  it('puts 28 full-width characters on a full line and 26 on an indented first line', () => {
    const text = '汉'.repeat(26 + 28 + 5);
    const lines = body(layoutDocument(doc([para(text)]), measurer()).pages[0]!.lines);
    expect(lines.map((l) => [...l.text].length)).toEqual([26, 28, 5]);
    expect(lines[0]!.runs[0]!.x).toBeCloseTo(LEFT + 2 * CELL_PT, 6);
    expect(lines[1]!.runs[0]!.x).toBeCloseTo(LEFT, 6);
    expect(lineEnd(lines[1]!)).toBeCloseTo(RIGHT, 6);
  });

  it('sets a paragraph of exactly one full first line on one line, flush with both edges', () => {
    const lines = body(layoutDocument(doc([para('汉'.repeat(26))]), measurer()).pages[0]!.lines);
    expect(lines).toHaveLength(1);
    expect(lineEnd(lines[0]!)).toBeCloseTo(RIGHT, 6);
  });

  it('sets a paragraph of exactly 28 字 as 26 justified and 2 ragged, and one of 26 + 28 as two flush lines', () => {
    const short = body(layoutDocument(doc([para('汉'.repeat(28))]), measurer()).pages[0]!.lines);
    expect(short.map((l) => [...l.text].length)).toEqual([26, 2]);
    expect(lineEnd(short[0]!)).toBeCloseTo(RIGHT, 6);
    expect(short[1]!.runs[0]!.spacing).toBeCloseTo(CELL_PT - 16, 9); // the last line: cells, not stretched
    const exact = body(layoutDocument(doc([para('汉'.repeat(54))]), measurer()).pages[0]!.lines);
    expect(exact.map((l) => [...l.text].length)).toEqual([26, 28]);
    for (const l of exact) expect(lineEnd(l)).toBeCloseTo(RIGHT, 6);
  });

  it('breaks a word longer than a line between characters instead of squeezing it', () => {
    const url = `https://www.example.gov.cn/${'a'.repeat(80)}`;
    const lines = body(layoutDocument(doc([para(`网址${url}。`)]), measurer()).pages[0]!.lines);
    expect(lines.map((l) => l.text).join('')).toBe(`网址${url}。`);
    for (const l of lines) {
      // Latin runs carry only the justification: stretched, never squeezed.
      for (const r of l.runs.filter((x) => /^[\x20-\x7e]+$/.test(x.text))) expect(r.spacing).toBeGreaterThanOrEqual(-1e-9);
      expect(lineEnd(l)).toBeLessThanOrEqual(RIGHT + 1e-6);
    }
    expect(lines.length).toBeGreaterThan(2);
  });

  it('places lines on a 28.95 pt grid, 22 to a page', () => {
    const text = '汉'.repeat(26 + 28 * 60);
    const pages = layoutDocument(doc([para(text)]), measurer()).pages;
    const second = body(pages[1]!.lines);
    expect(second).toHaveLength(22);
    second.slice(1).forEach((l, i) => expect(l.baseline - second[i]!.baseline).toBeCloseTo(LINE_PITCH_PT, 9));
    expect(second.map((l) => l.slot)).toEqual([...Array(22).keys()]);
  });

  it('gives digits and Latin their own width and justifies the line to the edge', () => {
    const text = `${'汉'.repeat(20)}2024年GB/T 9704${'汉'.repeat(30)}`;
    const [first] = body(layoutDocument(doc([para(text)]), measurer()).pages[0]!.lines);
    expect(first!.text.startsWith(`${'汉'.repeat(20)}2024年`)).toBe(true);
    expect(lineEnd(first!)).toBeCloseTo(RIGHT, 6);
  });

  it('leaves the last line of a paragraph ragged', () => {
    const lines = body(layoutDocument(doc([para('汉'.repeat(30))]), measurer()).pages[0]!.lines);
    expect(lines[1]!.runs[0]!.spacing).toBeCloseTo(CELL_PT - 16, 9);
  });
});

describe('禁则 (line-breaking rules)', () => {
  it('never starts a line with closing punctuation: a character moves down with it', () => {
    const text = `${'汉'.repeat(26)}，${'字'.repeat(10)}`;
    const lines = body(layoutDocument(doc([para(text)]), measurer()).pages[0]!.lines);
    expect(lines.map((l) => l.text)).toEqual([`${'汉'.repeat(25)}`, `汉，${'字'.repeat(10)}`]);
    expect(lineEnd(lines[0]!)).toBeCloseTo(RIGHT, 6);
  });

  it('never ends a line with opening punctuation', () => {
    const text = `${'汉'.repeat(25)}“引号”${'字'.repeat(10)}`;
    const lines = body(layoutDocument(doc([para(text)]), measurer()).pages[0]!.lines);
    expect(lines[0]!.text.endsWith('“')).toBe(false);
    expect(lines[1]!.text.startsWith('“引')).toBe(true);
  });

  it('keeps a number with its unit', () => {
    const text = `${'汉'.repeat(24)}共76人次参加`;
    const lines = body(layoutDocument(doc([para(text)]), measurer()).pages[0]!.lines);
    expect(lines[1]!.text.startsWith('76人次')).toBe(true);
  });

  it('checks every line of a long mixed paragraph', () => {
    const text = '一是加强培训，全年共举办培训班4期，培训执法人员76人次（含“新任”人员）。'.repeat(12);
    for (const l of body(layoutDocument(doc([para(text)]), measurer()).pages[0]!.lines)) {
      expect(l.text).not.toMatch(/^[，。、；：？！）》”]/);
      expect(l.text).not.toMatch(/[（《“]$/);
    }
  });
});

describe('headings, title, signature, page numbers', () => {
  it('never ends a page with a heading: it moves to the next page with its paragraph', () => {
    // Title (1 line) + blank + 20 one-line paragraphs = 22 lines would leave no room after the heading.
    const fill = Array.from({ length: 19 }, () => para('汉'.repeat(10)));
    const pages = layoutDocument(
      doc([...fill, { type: 'heading', level: 1, text: '标题', number: '一、' }, para('正文')]),
      measurer(),
    ).pages;
    expect(pages[0]!.lines.some((l) => l.kind === 'heading')).toBe(false);
    expect(body(pages[1]!.lines).map((l) => l.text)).toEqual(['一、标题', '正文']);
  });

  it('never splits a two-line heading across pages', () => {
    // Title + blank + 19 lines leave one line on page 1: not enough for the heading's two lines.
    const fill = Array.from({ length: 19 }, () => para('汉'.repeat(10)));
    const long = '标'.repeat(40);
    const pages = layoutDocument(doc([...fill, { type: 'heading', level: 1, text: long, number: '一、' }, para('正文')]), measurer()).pages;
    expect(pages[0]!.lines.some((l) => l.kind === 'heading')).toBe(false);
    expect(body(pages[1]!.lines).map((l) => l.kind)).toEqual(['heading', 'heading', 'body']);
  });

  it('breaks the title where the template author said (Title.breaks)', () => {
    const text = '瓦房镇人民政府2024年法治政府建设年度报告';
    const lines = layoutDocument({ meta: doc([]).meta, blocks: [{ type: 'title', text, breaks: [7, 16] }] }, measurer()).pages[0]!.lines;
    expect(lines.filter((l) => l.kind === 'title').map((l) => l.text)).toEqual(['瓦房镇人民政府', '2024年法治政府', '建设年度报告']);
  });

  it('centres a title of 1, 2 and 3 lines, each within 20 字', () => {
    const titles = ['某某镇工作报告', '瓦房镇人民政府2024年度法治政府建设情况报告', '某某省某某市某某县某某镇人民政府关于二〇二四年度法治政府建设工作情况和二〇二五年度工作安排的报告'];
    const counts = titles.map((text) => {
      const lines = layoutDocument({ meta: doc([]).meta, blocks: [{ type: 'title', text }] }, measurer()).pages[0]!.lines.filter((l) => l.kind === 'title');
      for (const l of lines) {
        const w = [...l.text].reduce((s, c) => s + (c.charCodeAt(0) < 0x2e80 ? 11 : 22), 0);
        expect(w).toBeLessThanOrEqual(20 * 22);
        expect(l.runs[0]!.x + w / 2).toBeCloseTo(LEFT + TEXT_BLOCK_PT.width / 2, 6);
      }
      return lines.length;
    });
    expect(counts).toEqual([1, 2, 3]);
  });

  it('places the unsealed signature 右空二字 and the date two 字 further right', () => {
    const lines = layoutDocument(doc([para('正文'), { type: 'signature', issuer: '某某镇人民政府', date: '2025-01-20', sealed: false }]), measurer()).pages[0]!.lines;
    const [issuer, date] = lines.filter((l) => l.kind === 'signature');
    expect(issuer!.text).toBe('某某镇人民政府');
    expect(date!.text).toBe('2025年1月20日');
    expect(lineEnd(issuer!)).toBeCloseTo(RIGHT - 2 * CELL_PT, 6);
    expect(date!.runs[0]!.x - issuer!.runs[0]!.x).toBeCloseTo(2 * CELL_PT, 6);
  });

  it('places the sealed date 右空四字 with the 署名 centred over it', () => {
    const lines = layoutDocument(doc([para('正文'), { type: 'signature', issuer: '某某镇人民政府', date: '2025-01-20', sealed: true }]), measurer()).pages[0]!.lines;
    const [issuer, date] = lines.filter((l) => l.kind === 'signature');
    expect(lineEnd(date!)).toBeCloseTo(RIGHT - 4 * CELL_PT, 6);
    const mid = (l: PlacedLine) => (l.runs[0]!.x + lineEnd(l)) / 2;
    expect(mid(issuer!)).toBeCloseTo(mid(date!), 6);
  });

  it('keeps the signature on the page of the last body line', () => {
    // 1 title + 1 blank + 20 body lines fill page 1 exactly: the last body line moves with the signature.
    const fill = Array.from({ length: 20 }, () => para('汉'.repeat(10)));
    const pages = layoutDocument(doc([...fill, { type: 'signature', issuer: '某某镇人民政府', date: '2025-01-20', sealed: false }]), measurer()).pages;
    expect(pages).toHaveLength(2);
    expect(body(pages[1]!.lines)).toHaveLength(1);
    expect(pages[1]!.lines.filter((l) => l.kind === 'signature')).toHaveLength(2);
  });

  it('keeps the 附件说明 and the signature with the last body line', () => {
    // 1 title + 1 blank + 18 body lines; the 附件说明 (blank + 1 line) fills page 1: the last body line
    // moves with the 附件说明 and the signature, so page 2 never holds only the 落款.
    const fill = Array.from({ length: 18 }, () => para('汉'.repeat(10)));
    const note = { type: 'attachmentNote' as const, names: ['主要指标一览表'] };
    const pages = layoutDocument(doc([...fill, note, { type: 'signature', issuer: '某某镇人民政府', date: '2025-01-20', sealed: false }]), measurer()).pages;
    expect(pages).toHaveLength(2);
    expect(body(pages[1]!.lines)).toHaveLength(1);
    expect(pages[1]!.lines.filter((l) => l.kind === 'attachmentNote').map((l) => l.text).join('')).toContain('附件：主要指标一览表');
    expect(pages[1]!.lines.filter((l) => l.kind === 'signature')).toHaveLength(2);
  });

  it('numbers every page, odd on the right and even on the left, one 字 in', () => {
    const pages = layoutDocument(doc([para('汉'.repeat(28 * 50))]), measurer()).pages;
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((p, i) => {
      const n = p.lines.find((l) => l.kind === 'pageNumber')!;
      expect(n.text).toBe(`— ${i + 1} —`);
      if ((i + 1) % 2 === 1) expect(lineEnd(n)).toBeCloseTo(RIGHT - 14, 0);
      else expect(n.runs[0]!.x).toBeCloseTo(LEFT + 14, 6);
    });
  });

  it('puts the top of the page-number dash 7 mm below the 版心, using the font\'s own dash height', () => {
    const withInk = measurer();
    const pn = { ...withInk.pageNumber, primary: { ...withInk.pageNumber.primary, inkTop: (c: string) => (c === '—' ? 0.25 : 0.8) } };
    const [page] = layoutDocument(doc([para('正文')]), { ...withInk, pageNumber: pn }).pages;
    const n = page!.lines.find((l) => l.kind === 'pageNumber')!;
    const dashTop = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height + (7 * 72) / 25.4;
    expect(n.baseline - 0.25 * 14).toBeCloseTo(dashTop, 6);
  });

  it('draws characters the font lacks with the fallback font and says so once', () => {
    const layout = layoutDocument(doc([para('王堃同志和王堃')]), measurer('堃'));
    const line = body(layout.pages[0]!.lines)[0]!;
    expect(line.runs.map((r) => [r.font, r.text])).toEqual([
      ['main', '王'],
      ['fallback', '堃'],
      ['main', '同志和王'],
      ['fallback', '堃'],
    ]);
    expect(layout.warnings.map((w) => w.message)).toEqual(['字符“堃”不在正文字体 主字体 中，PDF 里改用 替补字体 显示']);
  });
});
