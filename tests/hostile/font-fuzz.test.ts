/**
 * Fonts whose tables fit inside the file but hold garbage (issue: hostile input, family 4): a real
 * TrueType font (LiberationSans from pdfjs-dist, 139 KB, so each case is quick) is corrupted at
 * random — bytes of a table's contents overwritten, counts and sizes set to 0 or their maximum, the
 * directory's offsets and lengths changed, the file cut short — as a TTF, wrapped in a WOFF, and
 * with its Unicode character map hidden so that fontkit reads it. Configured for the PDF, every
 * such font either builds or is refused with exit 1 and a message naming the file; never an
 * internal error, a hang or a huge allocation. Found among the installed fonts, it is passed over.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { run } from '../../src/cli/main.js';
import { copySample, runCliAsync } from '../helpers/cli.js';
import { readSfnt, renamed, toSfntFile, type Sfnt } from '../fonts/craft.js';

const require = createRequire(import.meta.url);
const LIBERATION = require.resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');
const BASE = readSfnt(LIBERATION);
const TAGS = [...BASE.tables.keys()];

/** A WOFF 1.0 file of an SFNT (W3C WOFF §3–5): every table zlib-compressed. */
function toWoff(font: Sfnt): Buffer {
  const tags = [...font.tables.keys()].sort();
  const header = Buffer.alloc(44 + 20 * tags.length);
  const parts: Buffer[] = [header];
  let offset = header.length;
  let sfntSize = 12 + 16 * tags.length;
  tags.forEach((tag, i) => {
    const data = font.tables.get(tag)!;
    const packed = deflateSync(data);
    const stored = packed.length < data.length ? packed : data;
    const o = 44 + 20 * i;
    header.write(tag, o, 'latin1');
    header.writeUInt32BE(offset, o + 4);
    header.writeUInt32BE(stored.length, o + 8);
    header.writeUInt32BE(data.length, o + 12);
    const pad = (4 - (stored.length % 4)) % 4;
    parts.push(stored, Buffer.alloc(pad));
    offset += stored.length + pad;
    sfntSize += (data.length + 3) & ~3;
  });
  header.write('wOFF', 0, 'latin1');
  header.writeUInt32BE(font.flavor, 4);
  header.writeUInt32BE(offset, 8);
  header.writeUInt16BE(tags.length, 12);
  header.writeUInt32BE(sfntSize, 16);
  return Buffer.concat(parts);
}

/** The font with its Unicode `cmap` subtables relabelled (platform 1, encoding 0): left to fontkit. */
function withoutUnicodeCmap(font: Sfnt): Sfnt {
  const cmap = Buffer.from(font.tables.get('cmap')!);
  const n = cmap.readUInt16BE(2);
  for (let i = 0; i < n; i++) {
    cmap.writeUInt16BE(1, 4 + 8 * i);
    cmap.writeUInt16BE(0, 6 + 8 * i);
  }
  return { flavor: font.flavor, tables: new Map([...font.tables, ['cmap', cmap]]) };
}

/** Fields whose garbage values make a reader go wrong: [table, offset, size in bytes]. */
const FIELDS: readonly [string, number, 2 | 4][] = [
  ['head', 18, 2], // unitsPerEm
  ['head', 50, 2], // indexToLocFormat
  ['hhea', 34, 2], // numberOfHMetrics
  ['maxp', 4, 2], // numGlyphs
  ['cmap', 2, 2], // numTables
  ['cmap', 8, 4], // first subtable's offset
  ['hmtx', 0, 2], // first advance
  ['loca', 2, 2],
  ['name', 2, 2],
  ['OS/2', 0, 2],
  ['post', 0, 4],
];

type Mutation = (font: Sfnt) => Sfnt;
type FileMutation = (bytes: Buffer) => Buffer;

const inTable: fc.Arbitrary<Mutation> = fc
  .tuple(fc.constantFrom(...TAGS), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 }))
  .map(([tag, at, junk]) => (font: Sfnt) => {
    const t = Buffer.from(font.tables.get(tag) ?? Buffer.alloc(0));
    if (t.length === 0) return font;
    const start = at % t.length;
    Buffer.from(junk).copy(t, start, 0, Math.min(junk.length, t.length - start));
    return { flavor: font.flavor, tables: new Map([...font.tables, [tag, t]]) };
  });

const field: fc.Arbitrary<Mutation> = fc
  .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(0, 1, 0x7fff, 0xffff, 0xffffffff))
  .map(([[tag, at, size], value]) => (font: Sfnt) => {
    const t = Buffer.from(font.tables.get(tag)!);
    if (at + size > t.length) return font;
    if (size === 2) t.writeUInt16BE(value & 0xffff, at);
    else t.writeUInt32BE(value >>> 0, at);
    return { flavor: font.flavor, tables: new Map([...font.tables, [tag, t]]) };
  });

const truncated: fc.Arbitrary<FileMutation> = fc.double({ min: 0, max: 1, noNaN: true }).map((f) => (b: Buffer) => b.subarray(0, Math.floor(b.length * f)));

const directoryEntry: fc.Arbitrary<FileMutation> = fc
  .tuple(fc.nat(), fc.constantFrom(8, 12), fc.oneof(fc.nat({ max: 200_000 }), fc.constantFrom(0, 0xffffffff)))
  .map(([which, field, value]) => (b: Buffer) => {
    const out = Buffer.from(b);
    const n = out.readUInt16BE(4);
    out.writeUInt32BE(value >>> 0, 12 + 16 * (which % n) + field);
    return out;
  });

/** A corrupted font file (of `base`) and its extension. */
const corruptedOf = (base: Sfnt): fc.Arbitrary<{ bytes: Buffer; ext: string; how: string }> => fc
  .tuple(
    fc.array(fc.oneof(inTable, field), { minLength: 1, maxLength: 3 }),
    fc.option(fc.oneof(truncated, directoryEntry), { nil: undefined }),
    fc.constantFrom('ttf', 'woff', 'fontkit'),
  )
  .map(([ms, fileMutation, container]) => {
    const font = ms.reduce((f, m) => m(f), container === 'fontkit' ? withoutUnicodeCmap(base) : base);
    let bytes = container === 'woff' ? toWoff(font) : toSfntFile(font);
    if (fileMutation && container !== 'woff') bytes = fileMutation(bytes);
    return { bytes, ext: container === 'woff' ? 'woff' : 'ttf', how: container };
  });
const corrupted = corruptedOf(BASE);
const HEI = renamed(readSfnt(LIBERATION), { family: '黑体', postscript: 'SimHei' });

describe('a configured font holding garbage', () => {
  it('builds, or is refused with exit 1 naming the file: never exit 3, a hang or a huge allocation (property)', async () => {
    const root = copySample({ previous: false });
    // A short template keeps each build quick; the body font is the corrupted one.
    writeFileSync(path.join(root, 'templates', 'annual-report.hbs'), '= {{署名}}{{年度}}年 Report\n\n# 一、情况\n\nText 123 正文。\n');
    const config = readFileSync(path.join(root, 'report.yaml'), 'utf8');
    const env = { HOME: mkdtempSync(path.join(tmpdir(), 'report-home-')), REPORT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'report-cache-')) };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(corrupted, async ({ bytes, ext }) => {
        // A new name each time: a font file is read once per process.
        const name = `body-${n++}.${ext}`;
        mkdirSync(path.join(root, 'fonts'), { recursive: true });
        writeFileSync(path.join(root, 'fonts', name), bytes);
        writeFileSync(path.join(root, 'report.yaml'), `${config}\nfonts:\n  body: { file: fonts/${name} }\n`);
        let err = '';
        const before = process.memoryUsage();
        const code = await run(['build', '2024', '--format', 'pdf', '--force', '--quiet'], { cwd: root, env, stdout: () => {}, stderr: (s) => (err += `${s}\n`) });
        const after = process.memoryUsage();
        expect([0, 1], err).toContain(code);
        expect(err).not.toMatch(/内部错误|^\s+at /m);
        // The font library's own (English) words never reach the clerk.
        expect(err).not.toMatch(/[A-Za-z]{4,} [a-z]{3,}/);
        if (code === 1) {
          expect(err).toContain(`fonts/${name}`);
          expect(err).toMatch(/提示: /);
        }
        expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(256 * 1024 * 1024);
      }),
      { numRuns: 150, seed: 9704 },
    );
  }, 300_000);

  it('through the real CLI: exit 1, the font file and what to do', async () => {
    const root = copySample({ previous: false });
    const font = Buffer.from(toSfntFile(BASE));
    // hhea says 0xFFFF long metrics: hmtx is far too short for them.
    const hhea = 12 + 16 * [...BASE.tables.keys()].sort().indexOf('hhea');
    font.writeUInt16BE(0xffff, font.readUInt32BE(hhea + 8) + 34);
    mkdirSync(path.join(root, 'fonts'));
    writeFileSync(path.join(root, 'fonts', 'body.ttf'), font);
    writeFileSync(path.join(root, 'report.yaml'), `${readFileSync(path.join(root, 'report.yaml'), 'utf8')}\nfonts:\n  body: { file: fonts/body.ttf }\n`);
    const r = await runCliAsync(['build', '2024', '--format', 'pdf'], root, { HOME: mkdtempSync(path.join(tmpdir(), 'report-home-')) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^report\.yaml:\d+:\d+: 错误: 正文字体 fonts\/body\.ttf 无法使用：字体文件已损坏（hmtx 表比 hhea 表写明的短）\n  提示: 重新复制或下载完整的字体文件，或删去这一项以使用本机的公文字体或免费替代字体\n共 1 个错误\n$/);
  });
});

describe('an installed font holding garbage', () => {
  it('is passed over for the stand-in, with the reason (property)', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'report-project-'));
    await fc.assert(
      fc.asyncProperty(corruptedOf(HEI).filter((c) => c.ext === 'ttf'), async ({ bytes }) => {
        const env = { HOME: mkdtempSync(path.join(tmpdir(), 'report-home-')), REPORT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'report-cache-')) };
        mkdirSync(path.join(env.HOME, '.fonts'));
        // Named 黑体 inside (unless the garbage hit its name table).
        writeFileSync(path.join(env.HOME, '.fonts', 'simhei.ttf'), bytes);
        const r = await resolveFonts({}, project, env);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        // Passed over with the reason, or used: then it was read through without a problem.
        const h = r.value.heading1.primary;
        if (h.source === 'bundled') expect(h.reason).toMatch(/^本机没有 黑体（\S*simhei\.ttf .+），用免费替代字体$/);
      }),
      { numRuns: 40, seed: 3 },
    );
  }, 120_000);

  it('a 黑体 whose tables hold garbage is passed over, with the reason', async () => {
    const env = { HOME: mkdtempSync(path.join(tmpdir(), 'report-home-')), REPORT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'report-cache-')) };
    mkdirSync(path.join(env.HOME, '.fonts'));
    const hei = HEI;
    const maxp = Buffer.from(hei.tables.get('maxp')!);
    maxp.writeUInt16BE(0xffff, 4); // more glyphs than loca locates
    writeFileSync(path.join(env.HOME, '.fonts', 'simhei.ttf'), toSfntFile({ flavor: hei.flavor, tables: new Map([...hei.tables, ['maxp', maxp]]) }));
    const r = await resolveFonts({}, mkdtempSync(path.join(tmpdir(), 'report-project-')), env);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.heading1.primary.source).toBe('bundled');
    expect(r.value.heading1.primary.reason).toMatch(/simhei\.ttf 字体文件已损坏（loca 表比字形数短）/);
    // The same font whole is used (in another folder: a font file is read once per process).
    const other = { HOME: mkdtempSync(path.join(tmpdir(), 'report-home-')), REPORT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'report-cache-')) };
    mkdirSync(path.join(other.HOME, '.fonts'));
    writeFileSync(path.join(other.HOME, '.fonts', 'simhei.ttf'), toSfntFile(hei));
    const whole = await resolveFonts({}, mkdtempSync(path.join(tmpdir(), 'report-project-')), other);
    expect(whole.ok && [whole.value.heading1.primary.source, whole.value.heading1.primary.family]).toEqual(['system', '黑体']);
  });
});
