/**
 * The 公文 example (examples/gongwen-upward: the 瓦房镇 report sent up as a 上行文) compiled to the
 * document model, and a way to look at a PDF page's pixels (rules and colours) with poppler.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProject } from '../../src/cli/project.js';
import { compileYear } from '../../src/cli/pipeline.js';
import type { Doc } from '../../src/document/types.js';
import { REPO } from './cli.js';

/** The example project's folder. */
export const GONGWEN_EXAMPLE = path.join(REPO, 'examples', 'gongwen-upward');

/** The example's 2024 document model. */
export function gongwenDoc(): Doc {
  return compileYear(loadProject(GONGWEN_EXAMPLE), 2024).doc;
}

/** One pixel row: how many sampled pixels across the 版心's width are dark, and how many are red. */
export interface PixelRow {
  /** The row's top, in points from the page's top. */
  readonly y: number;
  readonly dark: number;
  readonly red: number;
  /** Leftmost and rightmost red pixel (points), or NaN. */
  readonly redX0: number;
  readonly redX1: number;
}

/** A band of consecutive rows that satisfy a test: its top and bottom in points. */
export interface Band {
  readonly top: number;
  readonly bottom: number;
}

/** Rasterises page `page` (1-based) of a PDF file at `perPt` pixels a point with pdftoppm. */
export function pixelRows(file: string, page: number, perPt = 4): PixelRow[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-px-'));
  const out = path.join(dir, 'page');
  const r = spawnSync('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(72 * perPt), '-singlefile', file, out]);
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  const data = readFileSync(`${out}.ppm`);
  // P6 header: magic, width height, maxval, then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'))!;
  const [w, h] = [Number(header[1]), Number(header[2])];
  const px = data.subarray(header[0].length);
  const rows: PixelRow[] = [];
  for (let y = 0; y < h; y++) {
    let dark = 0;
    let red = 0;
    let redX0 = Number.NaN;
    let redX1 = Number.NaN;
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const [R, G, B] = [px[i]!, px[i + 1]!, px[i + 2]!];
      if (R < 100 && G < 100 && B < 100) dark++;
      if (R > 180 && G < 90 && B < 90) {
        red++;
        if (Number.isNaN(redX0)) redX0 = x / perPt;
        redX1 = (x + 1) / perPt;
      }
    }
    rows.push({ y: y / perPt, dark, red, redX0, redX1 });
  }
  return rows;
}

/** Bands of consecutive rows for which `test` holds. */
export function bands(rows: readonly PixelRow[], test: (r: PixelRow) => boolean): Band[] {
  const out: { top: number; bottom: number }[] = [];
  const step = rows.length > 1 ? rows[1]!.y - rows[0]!.y : 1;
  for (const r of rows) {
    if (!test(r)) continue;
    const last = out.at(-1);
    if (last && r.y - last.bottom < step * 1.5) last.bottom = r.y + step;
    else out.push({ top: r.y, bottom: r.y + step });
  }
  return out;
}

/** A word box as `pdftotext -bbox` reports it (points from the page's top-left). */
export interface WordBox {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** Every page's word boxes (poppler). */
export function popplerWords(file: string): WordBox[][] {
  const html = spawnSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
  return [...html.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].map(([, body]) =>
    [...body!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      text: m[5]!.replace(/&amp;/g, '&'),
      x0: Number(m[1]),
      yMin: Number(m[2]),
      x1: Number(m[3]),
      yMax: Number(m[4]),
    })),
  );
}

/**
 * The example with `extra` one-line paragraphs added after the end of its last 附件 (before the
 * 版记) and printed on both sides or not: moves the end of the text down the pages, so that the
 * 版记 fits below it or not, on an odd or an even page.
 */
export function gongwenVariant(extra: number, duplex: boolean): Doc {
  const doc = gongwenDoc();
  const at = doc.blocks.findIndex((b) => b.type === 'imprint');
  const imprint = doc.blocks[at]!;
  if (imprint.type !== 'imprint') throw new Error('the example has no 版记');
  const lines: Doc['blocks'][number][] = Array.from({ length: extra }, (_, i) => ({ type: 'paragraph', text: `补充说明第${i + 1}条。` }));
  return { ...doc, blocks: [...doc.blocks.slice(0, at), ...lines, { ...imprint, duplex }, ...doc.blocks.slice(at + 1)] };
}
