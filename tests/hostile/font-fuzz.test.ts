/**
 * Fonts whose tables fit inside the file but hold garbage (issue: hostile input, family 4): a real
 * TrueType font (LiberationSans from pdfjs-dist, 139 KB, so each case is quick) is corrupted at
 * random — bytes of a table's contents overwritten, counts and sizes set to 0 or their maximum, the
 * directory's offsets and lengths changed, the file cut short — as a TTF, wrapped in a WOFF, with
 * its Unicode character map hidden so that fontkit reads it, and as an OpenType font with CFF
 * outlines made from it (fontkit's CFF reader). Configured for the PDF, every
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

/** A number as a Type 2 charstring or CFF DICT operand (Adobe TN 5176 §4, TN 5177 §3.2). */
const cffNumber = (v: number): number[] =>
  v >= -107 && v <= 107 ? [v + 139] : v >= 108 && v <= 1131 ? [((v - 108) >> 8) + 247, (v - 108) & 0xff] : v <= -108 && v >= -1131 ? [((-v - 108) >> 8) + 251, (-v - 108) & 0xff] : [28, (v >> 8) & 0xff, v & 0xff];
const cffInt5 = (v: number): number[] => [29, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** A CFF INDEX (TN 5176 §5) with 4-byte offsets. */
function cffIndex(items: readonly Buffer[]): Buffer {
  if (items.length === 0) return Buffer.from([0, 0]);
  const head = Buffer.alloc(3 + 4 * (items.length + 1));
  head.writeUInt16BE(items.length, 0);
  head[2] = 4;
  let o = 1;
  items.forEach((b, i) => {
    head.writeUInt32BE(o, 3 + 4 * i);
    o += b.length;
  });
  head.writeUInt32BE(o, 3 + 4 * items.length);
  return Buffer.concat([head, ...items]);
}

/**
 * A small OpenType font with CFF outlines (read by fontkit, as a CFF font such as FandolFang is): a
 * square glyph for each of `chars`, with the `name`, `OS/2`, `post`, `head` and `hhea` of `base`.
 */
function cffFont(base: Sfnt, chars: string): Sfnt {
  const cps = [...chars].map((c) => c.codePointAt(0)!).sort((a, b) => a - b);
  const n = cps.length + 1;
  const square = Buffer.from([...cffNumber(600), ...cffNumber(100), ...cffNumber(100), 21, ...cffNumber(400), ...cffNumber(0), 5, ...cffNumber(0), ...cffNumber(400), 5, ...cffNumber(-400), ...cffNumber(0), 5, 14]);
  const charStrings = cffIndex([Buffer.from([...cffNumber(500), 14]), ...cps.map(() => square)]);
  const priv = Buffer.from([...cffNumber(0), 20]); // defaultWidthX 0
  const header = Buffer.from([1, 0, 4, 4]);
  const name = cffIndex([Buffer.from('FuzzCFF')]);
  const empty = cffIndex([]);
  const topLength = 3 + 4 * 2 + 17; // an INDEX of one Top DICT of 17 bytes
  const charStringsAt = header.length + name.length + topLength + empty.length * 2;
  const top = cffIndex([Buffer.from([...cffInt5(charStringsAt), 17, ...cffInt5(priv.length), ...cffInt5(charStringsAt + charStrings.length), 18])]);
  const cff = Buffer.concat([header, name, top, empty, empty, charStrings, priv]);
  // cmap format 4: one segment per character, and the final 0xFFFF.
  const segs = [...cps.map((c, i) => [c, (i + 1 - c) & 0xffff] as const), [0xffff, 1] as const];
  const sub = Buffer.alloc(16 + 8 * segs.length);
  sub.writeUInt16BE(4, 0);
  sub.writeUInt16BE(sub.length, 2);
  sub.writeUInt16BE(2 * segs.length, 6);
  segs.forEach(([c, d], i) => {
    sub.writeUInt16BE(c, 14 + 2 * i);
    sub.writeUInt16BE(c, 16 + 2 * segs.length + 2 * i);
    sub.writeUInt16BE(d, 16 + 4 * segs.length + 2 * i);
  });
  const cmap = Buffer.concat([Buffer.from([0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12]), sub]);
  const hhea = Buffer.from(base.tables.get('hhea')!);
  hhea.writeUInt16BE(n, 34);
  const hmtx = Buffer.alloc(4 * n);
  for (let i = 0; i < n; i++) hmtx.writeUInt16BE(600, 4 * i);
  const maxp = Buffer.alloc(6);
  maxp.writeUInt32BE(0x00005000, 0);
  maxp.writeUInt16BE(n, 4);
  const tables = new Map<string, Buffer>([['CFF ', cff], ['cmap', cmap], ['head', base.tables.get('head')!], ['hhea', hhea], ['hmtx', hmtx], ['maxp', maxp]]);
  for (const t of ['name', 'OS/2', 'post']) tables.set(t, base.tables.get(t)!);
  return { flavor: 0x4f54544f, tables };
}
const CFF_BASE = cffFont(BASE, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,');
const TAGS = [...new Set([...BASE.tables.keys(), ...CFF_BASE.tables.keys()])];

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
  ['CFF ', 2, 2], // header size and offset size
  ['CFF ', 4, 2], // Name INDEX count
  ['CFF ', 16, 4], // an offset of the Top DICT INDEX
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
    const t = Buffer.from(font.tables.get(tag) ?? Buffer.alloc(0));
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
    fc.constantFrom('ttf', 'woff', 'fontkit', 'cff'),
  )
  .map(([ms, fileMutation, container]) => {
    const start = container === 'fontkit' ? withoutUnicodeCmap(base) : container === 'cff' ? cffFont(base, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,') : base;
    const font = ms.reduce((f, m) => m(f), start);
    let bytes = container === 'woff' ? toWoff(font) : toSfntFile(font);
    if (fileMutation && container !== 'woff') bytes = fileMutation(bytes);
    return { bytes, ext: container === 'woff' ? 'woff' : container === 'cff' ? 'otf' : 'ttf', how: container };
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

  it('a sound CFF font (read by fontkit) builds and is embedded', async () => {
    const root = copySample({ previous: false });
    mkdirSync(path.join(root, 'fonts'));
    writeFileSync(path.join(root, 'fonts', 'body.otf'), toSfntFile(CFF_BASE));
    writeFileSync(path.join(root, 'report.yaml'), `${readFileSync(path.join(root, 'report.yaml'), 'utf8')}\nfonts:\n  pageNumber: { file: fonts/body.otf }\n`);
    const r = await runCliAsync(['build', '2024', '--format', 'pdf'], root, { HOME: mkdtempSync(path.join(tmpdir(), 'report-home-')) });
    expect(r.stderr).not.toMatch(/错误/);
    expect(r.code).toBe(0);
  });

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
