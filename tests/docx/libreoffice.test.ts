/**
 * The DOCX seen through a real office suite: LibreOffice converts it to PDF, and the result must
 * show what our own PDF shows — 22 lines a full page, 28 characters a full line, the same number of
 * pages and the same paragraph at the top of each page. LibreOffice is told (through a fontconfig
 * file of its own) to draw the official font names with the Noto CJK fonts, the same designs our
 * PDF uses when the official fonts are not installed. Runs only where `soffice` is installed
 * (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import type { Doc } from '../../src/document/types.js';
import { toDocx } from '../../src/render/docx/index.js';
import { toPdf } from '../../src/render/pdf/index.js';
import { REPO } from '../helpers/cli.js';
import { has, readPdf, type PdfLine, type PdfPage } from '../helpers/pdf.js';
import { sampleDoc } from '../helpers/sample.js';

const FONTCONFIG = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${[
  ['仿宋_GB2312', 'Noto Serif CJK SC'],
  ['方正小标宋简体', 'Noto Serif CJK SC'],
  ['黑体', 'Noto Sans CJK SC'],
  ['楷体_GB2312', 'Noto Serif CJK SC'],
  ['宋体', 'Noto Serif CJK SC'],
]
  .map(
    ([official, free]) =>
      `  <match target="pattern"><test name="family"><string>${official}</string></test><edit name="family" mode="assign" binding="strong"><string>${free}</string></edit></match>`,
  )
  .join('\n')}
</fontconfig>
`;

const isPageNumber = (l: PdfLine) => /^—\s*\d+\s*—$/.test(l.text.trim());
const body = (p: PdfPage) => p.lines.filter((l) => !isPageNumber(l));
const squash = (s: string) => s.replace(/\s+/g, '');

/** The index of the block a line of text belongs to. */
function blockOf(doc: Doc, line: string): number {
  const text = squash(line);
  return doc.blocks.findIndex((b) => {
    const whole = b.type === 'heading' ? `${b.number}${b.text}` : b.type === 'paragraph' || b.type === 'title' ? b.text : `${b.issuer}`;
    return squash(whole).includes(text);
  });
}

const available = has('soffice');

describe.skipIf(!available)('the DOCX in LibreOffice', () => {
  let doc: Doc;
  let office: PdfPage[];
  let ours: PdfPage[];

  beforeAll(async () => {
    doc = sampleDoc();
    const date = new Date('2025-01-20T00:00:00Z');
    const dir = mkdtempSync(path.join(tmpdir(), 'report-lo-'));
    writeFileSync(path.join(dir, 'sample.docx'), await toDocx(doc, { modified: date }));
    writeFileSync(path.join(dir, 'fonts.conf'), FONTCONFIG);
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'sample.docx')],
      { env: { ...process.env, FONTCONFIG_FILE: path.join(dir, 'fonts.conf'), HOME: dir }, encoding: 'utf8', timeout: 180_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`);
    office = await readPdf(readFileSync(path.join(dir, 'sample.pdf')));
    const fonts = await resolveFonts({}, REPO);
    if (!fonts.ok) throw new Error('fonts');
    ours = await readPdf((await toPdf(doc, fonts.value, { creationDate: date })).bytes);
  }, 200_000);

  it('shows 22 lines on every full page', () => {
    for (const p of office.slice(1, -1)) expect(body(p)).toHaveLength(22);
  });

  it('shows 28 characters on every full body line', () => {
    const full = office.flatMap(body).filter((l) => l.x0 < 82 && l.x1 > 518 && !/[\x20-\x7e]/.test(l.text));
    expect(full.length).toBeGreaterThan(40);
    const counts = full.map((l) => [...l.text.replace(/\s/g, '')].length);
    for (const n of counts) expect([27, 28]).toContain(n);
    expect(counts.filter((n) => n === 28).length / counts.length).toBeGreaterThan(0.85);
  });

  it('has as many pages as our PDF, each starting in the same paragraph', () => {
    expect(office.length).toBe(ours.length);
    const starts = (pages: PdfPage[]) => pages.map((p) => blockOf(doc, body(p)[0]!.text));
    expect(starts(office)).toEqual(starts(ours));
    expect(starts(ours).every((i) => i >= 0)).toBe(true);
  });
});

describe.skipIf(available)('the DOCX in LibreOffice (skipped)', () => {
  it.skip('LibreOffice (soffice) is not installed here: the office-suite comparison did not run', () => {});
});
