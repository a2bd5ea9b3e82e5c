/**
 * Reading a PDF back in tests with pdfjs-dist (Mozilla's PDF reader): text items with their exact
 * positions (x, baseline, width, size), grouped into lines; and, where poppler is installed, what
 * `pdftotext` and `pdffonts` say.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A line of text on a page: y is the baseline from the page top, in points. */
export interface PdfLine {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly baseline: number;
  readonly size: number;
  readonly fonts: readonly string[];
}

/** A page: its size and lines, top to bottom. */
export interface PdfPage {
  readonly width: number;
  readonly height: number;
  readonly lines: readonly PdfLine[];
}

/**
 * Reads every page's text lines with their positions. The bytes are also kept in the run's
 * temporary folder, so a PDF a test built only in memory is measured against the 版心 at the end of
 * the run like every other (tests/helpers/summary-reporter.ts).
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfPage[]> {
  tempFile(bytes, 'read.pdf');
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const pdf = await task.promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const byBaseline = new Map<number, { str: string; x: number; w: number; size: number; font: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const [a, , , d, e, f] = item.transform as number[];
      const y = Math.round((height - f!) * 100) / 100;
      const list = byBaseline.get(y) ?? [];
      list.push({ str: item.str, x: e!, w: item.width, size: Math.abs(d ?? a!), font: item.fontName });
      byBaseline.set(y, list);
    }
    const lines = [...byBaseline.entries()]
      .sort((p, q) => p[0] - q[0])
      .map(([baseline, items]) => {
        items.sort((p, q) => p.x - q.x);
        return {
          text: items.map((i) => i.str).join(''),
          x0: items[0]!.x,
          x1: Math.max(...items.map((i) => i.x + i.w)),
          baseline,
          size: Math.max(...items.map((i) => i.size)),
          fonts: [...new Set(items.map((i) => i.font))],
        };
      });
    pages.push({ width, height, lines });
  }
  await pdf.destroy();
  return pages;
}

/** Whether a command is on the PATH. */
export function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

/** Writes bytes to a temporary file and returns its path. */
export function tempFile(bytes: Uint8Array, name: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'report-pdf-')), name);
  writeFileSync(file, bytes);
  return file;
}

/** `pdftotext` of a file (poppler), as plain text. */
export function pdftotext(file: string): string {
  return spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).stdout;
}

/** `pdffonts` rows: name, type, embedded, subset, unicode. */
export function pdffonts(file: string): { name: string; emb: boolean; sub: boolean; uni: boolean }[] {
  const out = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
  return out.map((row) => {
    const cols = row.trim().split(/\s+/);
    const [emb, sub, uni] = cols.slice(-5, -2);
    return { name: cols[0]!, emb: emb === 'yes', sub: sub === 'yes', uni: uni === 'yes' };
  });
}

/** Lines that break the Chinese line-breaking rules (禁则), and pages that end with a heading. */
export function kinsokuProblems(pages: readonly (readonly { readonly text: string }[])[]): string[] {
  const problems: string[] = [];
  pages.forEach((lines, i) => {
    for (const l of lines) {
      if (/^[，。、；：？！）》」』”’…]/.test(l.text)) problems.push(`page ${i + 1} line starts with punctuation: ${l.text}`);
      if (/[（《「『“‘]$/.test(l.text)) problems.push(`page ${i + 1} line ends with an opening mark: ${l.text}`);
    }
    const last = lines.at(-1)?.text ?? '';
    if (/^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）/.test(last)) problems.push(`page ${i + 1} ends with a heading: ${last}`);
  });
  return problems;
}
