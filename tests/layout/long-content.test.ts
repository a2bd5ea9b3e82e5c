/**
 * Content that does not fit as written, built with the real command (DOCX and PDF from one build):
 * a title that needs three lines, an 18-字 sealed 署名, a 31-字 unsealed one, and an e-mail address
 * longer than a line. Nothing may leave the 版心 in the PDF (poppler word boxes) or the DOCX (no
 * negative indent), and the title has the same lines in the DOCX, the PDF and, where installed,
 * LibreOffice.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { copySample, runCli } from '../helpers/cli.js';
import { docxParts } from '../helpers/docx.js';
import { glyphBoxProblems, wordBoxes } from '../helpers/glyph-box.js';
import { has, readPdf } from '../helpers/pdf.js';
import { measureLibreOfficePages } from '../docx/lo-measure.js';
import { LEFT, RIGHT } from '../helpers/text-block.js';

const TITLE = '瓦房镇人民政府关于贯彻落实《法治政府建设实施纲要（2021—2025年）》情况的报告';
const EMAIL = `wafangzhen.fazhi.bangongshi.${'x'.repeat(20)}@gov-service.example.cn/${'a'.repeat(12)}`;

interface Built {
  readonly pdf: string;
  readonly docx: Uint8Array;
}

/** Builds the sample with its title, 署名, 盖章 and 其他情况 replaced. */
function build(issuer: string, sealed: boolean): Built {
  const dir = copySample();
  const template = path.join(dir, 'templates', 'annual-report.hbs');
  writeFileSync(template, readFileSync(template, 'utf8').replace(/^= .*$/m, `= ${TITLE}`));
  // report.yaml's issuer must match the data's 署名.
  const config = path.join(dir, 'report.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^issuer: .*$/m, `issuer: ${issuer}`));
  const data = path.join(dir, 'data', '2024.yaml');
  writeFileSync(
    data,
    readFileSync(data, 'utf8')
      .replace(/^署名: .*$/m, `署名: ${issuer}`)
      .replace(/^盖章: .*$/m, `盖章: ${sealed}`)
      .replace(/^其他情况: \[\]$/m, `其他情况:\n  - 联系邮箱：${EMAIL}`),
  );
  const r = runCli(['build', '2024', '--format', 'docx,pdf'], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const out = path.join(dir, 'out', '2024');
  const file = (ext: string) => path.join(out, readdirSync(out).find((f) => f.endsWith(ext))!);
  return { pdf: file('.pdf'), docx: new Uint8Array(readFileSync(file('.docx'))) };
}

/** The title's lines in a DOCX: the Title paragraph's text between its line breaks. */
function docxTitleLines(docx: Uint8Array): string[] {
  const xml = docxParts(docx)['word/document.xml']!;
  const title = /<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Title"\/>.*?<\/w:p>/s.exec(xml)![0];
  return title
    .split(/<w:br\/>/)
    .map((part) => [...part.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter((s) => s !== '');
}

/** The right indents (twips) of the Signature paragraphs of a DOCX. */
function signatureIndents(docx: Uint8Array): { text: string; right: number }[] {
  const xml = docxParts(docx)['word/document.xml']!;
  return [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Signature"\/>.*?<\/w:p>/gs)].map((m) => ({
    text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    right: Number(/<w:ind [^>]*w:right="(-?\d+)"/.exec(m[0])?.[1] ?? 0),
  }));
}

describe('long content stays inside the 版心', () => {
  let sealed: Built;
  let unsealed: Built;
  const SEALED_ISSUER = '中共瓦房镇委员会瓦房镇人民政府办公室';
  const UNSEALED_ISSUER = '瓦房镇人民政府法治建设领导小组办公室与瓦房镇司法所联合执法小组';

  beforeAll(() => {
    expect([...SEALED_ISSUER]).toHaveLength(18);
    expect([...UNSEALED_ISSUER]).toHaveLength(31);
    sealed = build(SEALED_ISSUER, true);
    unsealed = build(UNSEALED_ISSUER, false);
  }, 120_000);

  it('has no glyph outside the 版心 in either PDF (poppler)', () => {
    expect(glyphBoxProblems(sealed.pdf)).toEqual([]);
    expect(glyphBoxProblems(unsealed.pdf)).toEqual([]);
  });

  it('keeps the sealed 18-字 署名 centred over its date, both inside the right edge', () => {
    const words = wordBoxes(sealed.pdf)!;
    const issuer = words.find((w) => w.text === SEALED_ISSUER)!;
    const date = words.find((w) => w.text === '2025年1月20日')!;
    expect(issuer.xMax).toBeLessThanOrEqual(RIGHT + 0.5);
    expect((issuer.xMin + issuer.xMax) / 2).toBeCloseTo((date.xMin + date.xMax) / 2, 0);
    for (const p of signatureIndents(sealed.docx)) expect(p.right).toBeGreaterThanOrEqual(0);
  });

  it('wraps the unsealed 31-字 署名 inside the left edge, 右空二字, in both writers', () => {
    const words = wordBoxes(unsealed.pdf)!;
    // The last words made of the 署名's text (the title also begins with 瓦房镇人民政府).
    const lines = words.filter((w) => UNSEALED_ISSUER.includes(w.text) && w.text.length > 4).slice(-2);
    expect(lines.map((l) => l.text).join('')).toBe(UNSEALED_ISSUER);
    expect(lines.length).toBe(2);
    for (const l of lines) {
      expect(l.xMin).toBeGreaterThanOrEqual(LEFT - 0.5);
      expect(l.xMax).toBeCloseTo(RIGHT - 2 * (TEXT_BLOCK_PT.width / 28), 0);
    }
    const docx = signatureIndents(unsealed.docx);
    expect(docx.map((p) => p.text)).toEqual([...lines.map((l) => l.text), '2025年1月20日']);
    // 右空二字 of 15.75 pt (315 twips) each; the longest line fits the rest of the line.
    expect(docx[0]!.right).toBe(630);
    expect(docx[1]!.right).toBe(630);
  });

  it('fills the line before an e-mail address longer than a line, breaking the address where the line ends', async () => {
    const pages = await readPdf(new Uint8Array(readFileSync(sealed.pdf)));
    const lines = pages.flatMap((p) => p.lines.map((l) => l.text));
    const first = lines.findIndex((l) => l.startsWith('联系邮箱'));
    expect(lines[first]!.startsWith('联系邮箱：wafangzhen')).toBe(true);
    expect(lines.slice(first, first + 3).join('')).toContain(EMAIL);
  });

  it('breaks the title into the same three lines in the DOCX and the PDF', async () => {
    const docxLines = docxTitleLines(sealed.docx);
    expect(docxLines.join('')).toBe(TITLE);
    expect(docxLines.length).toBeLessThanOrEqual(3);
    const pages = await readPdf(new Uint8Array(readFileSync(sealed.pdf)));
    const pdfLines = pages[0]!.lines.slice(0, docxLines.length).map((l) => l.text.replace(/\s+/g, ''));
    expect(pdfLines).toEqual(docxLines);
    // Whole words: the 书名号 name is broken only before its （, the years stay together.
    for (const l of docxLines) expect(l).not.toMatch(/^[）》]|[《（]$|\d$|^年/);
  });

  it.skipIf(!(has('soffice') && has('pdftotext')))('shows the same title lines in LibreOffice', async () => {
    const office = await measureLibreOfficePages(sealed.docx);
    const want = docxTitleLines(sealed.docx);
    const got = office[0]!.lines.slice(0, want.length).map((l) => l.text.replace(/\s+/g, ''));
    expect(got).toEqual(want);
    for (const l of office.flatMap((p) => p.lines)) {
      expect(l.x0).toBeGreaterThanOrEqual(LEFT - 1);
      expect(l.x1).toBeLessThanOrEqual(RIGHT + 1);
    }
  }, 120_000);
});
