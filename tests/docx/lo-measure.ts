/**
 * The DOCX as LibreOffice lays it out: converted to PDF with `soffice --headless`, then measured
 * with poppler's `pdftotext -bbox-layout` (lines and their boxes) and pdfjs (exact baselines).
 *
 * LibreOffice runs with a profile and HOME of its own in a temporary folder, so it never clashes
 * with another instance, and with a fontconfig file that draws the official font names with the
 * Noto CJK fonts (the designs our PDF falls back to when the official fonts are missing): the
 * metrics of a 公文 depend on every 汉字 being 1 em wide, which any CJK font gives.
 *
 * Used by tests/docx/libreoffice.test.ts; meant for comparing LibreOffice's pages with our PDF's
 * (lines per page, characters per line, the first line of each page).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readPdf } from '../helpers/pdf.js';

/** A line of text on a LibreOffice page; lengths in points, y measured from the page top. */
export interface LoLine {
  /** The line's text (poppler's words joined without spaces). */
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  /** Top and bottom of poppler's box around the line. */
  readonly top: number;
  readonly bottom: number;
  /** The baseline, from pdfjs (the text matrix), or the box bottom if pdfjs saw no line there. */
  readonly baseline: number;
}

/** One page: its size and its lines from top to bottom (the page number included). */
export interface LoPage {
  readonly width: number;
  readonly height: number;
  readonly lines: readonly LoLine[];
}

/** Official font names → the free designs LibreOffice should draw them with. */
export const LO_FONT_SUBSTITUTES: readonly (readonly [string, string])[] = [
  ['仿宋_GB2312', 'Noto Serif CJK SC'],
  ['方正小标宋简体', 'Noto Serif CJK SC'],
  ['黑体', 'Noto Sans CJK SC'],
  ['楷体_GB2312', 'Noto Serif CJK SC'],
  ['宋体', 'Noto Serif CJK SC'],
];

const FONTCONFIG = `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
${LO_FONT_SUBSTITUTES.map(
  ([official, free]) =>
    `  <match target="pattern"><test name="family"><string>${official}</string></test><edit name="family" mode="assign" binding="strong"><string>${free}</string></edit></match>`,
).join('\n')}
</fontconfig>
`;

/** PDF export option: keep automatically inserted blank pages (LibreOffice 7.4+ reads JSON filter options). */
const EXPORT_BLANK_PAGES = JSON.stringify({ IsSkipEmptyPages: { type: 'boolean', value: 'false' } });

/**
 * Converts a DOCX to PDF with LibreOffice and returns the PDF's bytes. Throws when soffice fails.
 * Asynchronous: a conversion can take most of a minute on a busy machine, and a test worker that
 * blocked that long could not answer the test runner (vitest reports "Timeout calling onTaskUpdate").
 */
export async function convertWithLibreOffice(docx: Uint8Array): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-lo-'));
  try {
    writeFileSync(path.join(dir, 'document.docx'), docx);
    writeFileSync(path.join(dir, 'fonts.conf'), FONTCONFIG);
    const r = await run(
      'soffice',
      // Blank pages the layout inserts (a section that starts on an even page) are exported too, as
      // they are printed: LibreOffice leaves them out of a PDF by default.
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', `pdf:writer_pdf_Export:${EXPORT_BLANK_PAGES}`, '--outdir', dir, path.join(dir, 'document.docx')],
      { env: { ...process.env, FONTCONFIG_FILE: path.join(dir, 'fonts.conf'), HOME: dir }, timeout: 180_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed (${r.status ?? r.signal}): ${r.stderr}`);
    return new Uint8Array(readFileSync(path.join(dir, 'document.pdf')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a command without blocking the event loop; resolves with its exit status and stderr. */
function run(
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; timeout: number },
): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr });
    });
  });
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const num = (attrs: string, name: string) => Number(new RegExp(`${name}="([^"]+)"`).exec(attrs)![1]);

/** Pages and lines of a PDF as `pdftotext -bbox-layout` reports them (baseline = box bottom). */
export function popplerLines(pdf: Uint8Array): LoPage[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-lo-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    const r = spawnSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
    return [...r.stdout.matchAll(/<page ([^>]*)>(.*?)<\/page>/gs)].map(([, pageAttrs, body]) => ({
      width: num(pageAttrs!, 'width'),
      height: num(pageAttrs!, 'height'),
      lines: [...body!.matchAll(/<line ([^>]*)>(.*?)<\/line>/gs)]
        .map(([, attrs, words]) => ({
          text: unescapeXml([...words!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join('')),
          x0: num(attrs!, 'xMin'),
          x1: num(attrs!, 'xMax'),
          top: num(attrs!, 'yMin'),
          bottom: num(attrs!, 'yMax'),
          baseline: num(attrs!, 'yMax'),
        }))
        .sort((a, b) => a.top - b.top || a.x0 - b.x0),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Lays a DOCX out with LibreOffice and returns, per page, its lines (text, box and baseline).
 * Takes a few seconds: call it once per test file (in `beforeAll`).
 */
export async function measureLibreOfficePages(docx: Uint8Array): Promise<LoPage[]> {
  const pdf = await convertWithLibreOffice(docx);
  const pages = popplerLines(pdf);
  const exact = await readPdf(pdf);
  return pages.map((page, n) => {
    const baselines = (exact[n]?.lines ?? []).map((l) => l.baseline);
    return {
      ...page,
      lines: page.lines.map((line) => {
        // The pdfjs baseline inside the box, nearest its bottom.
        const inside = baselines.filter((b) => b >= line.top && b <= line.bottom + 0.5);
        const baseline = inside.length > 0 ? inside.reduce((p, q) => (Math.abs(q - line.bottom) < Math.abs(p - line.bottom) ? q : p)) : line.bottom;
        return { ...line, baseline };
      }),
    };
  });
}
