/**
 * Font resolution and loading: the bundled npm fonts cover GB 2312, WOFF is unpacked correctly,
 * WOFF2 is refused, configured files win (and a missing one is an error), and an official font
 * installed on the machine is found by its file name.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { fontFolders, inspectFontFile, resolveFonts, standInWarnings } from '../../src/cli/fonts.js';
import { containerOf, embeddingAllowed, readFaces, woffToSfnt } from '../../src/fonts/sfnt.js';
import { openMetrics } from '../../src/fonts/metrics.js';
import { copySample, REPO, runCli } from '../helpers/cli.js';
import { readSfnt, renamed, toSfntFile, toTtc } from './craft.js';

const require = createRequire(import.meta.url);
const SANS = require.resolve('@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf');
const SERIF = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const WOFF = require.resolve('@fontsource/lxgw-wenkai/files/lxgw-wenkai-latin-500-normal.woff');

/** The 6,763 hanzi of GB 2312, decoded from their code points. */
function gb2312(): string[] {
  const d = new TextDecoder('gb18030');
  const out: string[] = [];
  for (let a = 0xb0; a <= 0xf7; a++) for (let b = 0xa1; b <= 0xfe; b++) {
    const s = d.decode(new Uint8Array([a, b]));
    if (/^[\u4e00-\u9fff]$/u.test(s)) out.push(s);
  }
  return out;
}

const isolated = () => ({ HOME: mkdtempSync(path.join(tmpdir(), 'report-home-')), REPORT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'report-cache-')) });

describe('bundled fonts', () => {
  it('cover all 6,763 GB 2312 hanzi in every role', async () => {
    const r = await resolveFonts({}, REPO, isolated());
    if (!r.ok) throw new Error('fonts');
    const hanzi = gb2312();
    expect(hanzi).toHaveLength(6763);
    for (const role of ['title', 'body', 'heading1', 'heading2', 'pageNumber'] as const) {
      const m = openMetrics(r.value[role].primary);
      expect(hanzi.filter((c) => !m.has(c))).toEqual([]);
    }
  });

  it('set ，。 in the lower left of the em box (the simplified-Chinese forms)', async () => {
    const r = await resolveFonts({}, REPO, isolated());
    if (!r.ok) throw new Error('fonts');
    const f = r.value.body.primary;
    const font = fontkit.create(Buffer.from(f.bytes)) as fontkit.Font;
    for (const c of '，。') {
      const g = font.glyphForCodePoint(c.codePointAt(0)!);
      expect((g.bbox.minX + g.bbox.maxX) / 2).toBeLessThan(font.unitsPerEm / 2);
    }
  });
});

describe('font files', () => {
  it('unpacks WOFF to a working SFNT and refuses WOFF2', () => {
    const woff = new Uint8Array(readFileSync(WOFF));
    expect(containerOf(woff)).toBe('woff');
    const sfnt = woffToSfnt(woff);
    expect(containerOf(sfnt)).toBe('sfnt');
    const font = fontkit.create(Buffer.from(sfnt)) as fontkit.Font;
    expect(font.familyName).toContain('LXGW WenKai');
    expect(font.hasGlyphForCodePoint('楷'.codePointAt(0)!)).toBe(true);
    expect(containerOf(new TextEncoder().encode('wOF2....'))).toBe('woff2');
  });

  it('uses a configured file first, and refuses a missing one with the field named', async () => {
    const ok = await resolveFonts({ body: { file: SANS } }, REPO, isolated());
    expect(ok.ok && [ok.value.body.primary.source, ok.value.body.primary.file]).toEqual(['config', SANS]);
    const missing = await resolveFonts({ body: { file: 'fonts/仿宋_GB2312.ttf' } }, REPO, isolated());
    expect(!missing.ok && missing.diagnostics.map((d) => [d.file, d.message])).toEqual([
      ['report.yaml', '正文字体 fonts/仿宋_GB2312.ttf 无法使用：文件不存在'],
    ]);
  });

  it('refuses a WOFF2 file, a folder and a font whose licence forbids embedding, each with the reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-fonts-'));
    writeFileSync(path.join(dir, 'x.woff2'), Buffer.concat([Buffer.from('wOF2'), Buffer.alloc(60)]));
    writeFileSync(path.join(dir, 'restricted.ttf'), toSfntFile(renamed(readSfnt(SANS), { family: '受限黑体', postscript: 'Restricted' }, 0x0002)));
    const r = await resolveFonts({ body: { file: 'x.woff2' }, heading1: { file: 'restricted.ttf' }, heading2: { file: '.' } }, dir, isolated());
    expect(!r.ok && r.diagnostics.map((d) => d.message)).toEqual([
      '正文字体 x.woff2 无法使用：WOFF2 格式的字体无法正确嵌入 PDF，请改用 TTF、OTF 或 WOFF 文件',
      '一级标题字体 restricted.ttf 无法使用：字体的授权不允许嵌入文件（OS/2 fsType 为“受限”），不能用于 PDF',
      '二级标题字体 . 无法使用：这是文件夹，不是文件',
    ]);
  });

  it('asks which face of a TTC to use, names the faces, and uses the one given', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-fonts-'));
    const serif = readSfnt(SERIF);
    writeFileSync(path.join(dir, 'pair.ttc'), toTtc([
      renamed(serif, { family: '新宋体', postscript: 'NSimSun' }),
      renamed(serif, { family: '宋体', postscript: 'SimSun' }),
    ]));
    const none = await resolveFonts({ pageNumber: { file: 'pair.ttc' } }, dir, isolated());
    expect(!none.ok && none.diagnostics[0]!.message).toBe('页码字体 pair.ttc 无法使用：这是字体集（TTC），请用 face 写明用其中哪个字体（PostScript 名称）：NSimSun、SimSun');
    const wrong = await resolveFonts({ pageNumber: { file: 'pair.ttc', face: 'SimHei' } }, dir, isolated());
    expect(!wrong.ok && wrong.diagnostics[0]!.message).toBe('页码字体 pair.ttc 无法使用：字体集中没有名为 SimHei 的字体，可用的有：NSimSun、SimSun');
    const single = await resolveFonts({ body: { file: SANS, face: 'SimSun' } }, dir, isolated());
    expect(!single.ok && single.diagnostics[0]!.message).toMatch(/只含一个字体 NotoSansSC-Medium，不是字体集；请删去 face: SimSun$/);
    const right = await resolveFonts({ pageNumber: { file: 'pair.ttc', face: 'SimSun' } }, dir, isolated());
    if (!right.ok) throw new Error(JSON.stringify(right.diagnostics));
    const f = right.value.pageNumber.primary;
    expect([f.family, f.face, f.source]).toEqual(['宋体', 'SimSun', 'config']);
    const m = openMetrics(f);
    expect((m.font as fontkit.Font).postscriptName).toBe('SimSun');
    expect(m.has('页')).toBe(true);
  });
});

describe('official fonts on the machine', () => {
  const install = (env: { HOME: string }, name: string, bytes: Uint8Array, folder = ['.fonts']) => {
    const dir = path.join(env.HOME, ...folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };

  it('finds one by its file name and confirms it by the names inside the file', async () => {
    const env = isolated();
    install(env, 'simhei.ttf', toSfntFile(renamed(readSfnt(SANS), { family: '黑体', full: 'SimHei', postscript: 'SimHei' })));
    const r = await resolveFonts({}, REPO, env);
    const f = r.ok ? r.value.heading1.primary : null;
    expect(f && [f.family, f.source, f.official, f.reason]).toEqual(['黑体', 'system', true, '本机已安装的公文字体']);
  });

  it('passes over a file that only has the right name, and says so', async () => {
    const env = isolated();
    const file = install(env, 'simhei.ttf', readFileSync(SANS));
    const r = await resolveFonts({}, REPO, env);
    const f = r.ok ? r.value.heading1.primary : null;
    expect(f && [f.source, f.reason]).toEqual(['bundled', `本机没有 黑体（${file} 里的字体是 Noto Sans SC，不是 黑体），用免费替代字体`]);
  });

  it('passes over an official font whose licence forbids embedding', async () => {
    const env = isolated();
    install(env, 'simkai.ttf', toSfntFile(renamed(readSfnt(SANS), { family: '楷体', postscript: 'KaiTi' }, 0x0002)));
    const r = await resolveFonts({}, REPO, env);
    const f = r.ok ? r.value.heading2.primary : null;
    expect(f?.source).toBe('bundled');
    expect(f?.reason).toContain('simkai.ttf 字体的授权不允许嵌入文件');
  });

  it('takes the SimSun face out of simsun.ttc', async () => {
    const env = isolated();
    const serif = readSfnt(SERIF);
    install(env, 'simsun.ttc', toTtc([renamed(serif, { family: '新宋体', postscript: 'NSimSun' }), renamed(serif, { family: '宋体', postscript: 'SimSun' })]), ['.local', 'share', 'fonts', 'windows']);
    const r = await resolveFonts({}, REPO, env);
    const f = r.ok ? r.value.pageNumber.primary : null;
    expect(f && [f.family, f.face, f.source]).toEqual(['宋体', 'SimSun', 'system']);
  });

  it('uses FandolFang for the body when no official 仿宋 is installed, as a real 仿宋 but not the official one', async () => {
    const env = isolated();
    install(env, 'FandolFang-Regular.otf', toSfntFile(renamed(readSfnt(SERIF), { family: 'FandolFang', postscript: 'FandolFang-Regular' })));
    const r = await resolveFonts({}, REPO, env);
    if (!r.ok) throw new Error('fonts');
    const f = r.value.body.primary;
    expect([f.family, f.source, f.official, f.reason]).toEqual(['FandolFang', 'system', false, '本机已安装的仿宋字体（免费）']);
    expect(standInWarnings(r.value).map((w) => w.message)).not.toContainEqual(expect.stringContaining('正文'));
  });

  it('prefers 仿宋_GB2312 over 仿宋 and FandolFang', async () => {
    const env = isolated();
    const serif = readSfnt(SERIF);
    install(env, 'FandolFang-Regular.otf', toSfntFile(renamed(serif, { family: 'FandolFang', postscript: 'FandolFang-Regular' })));
    install(env, 'simfang.ttf', toSfntFile(renamed(serif, { family: '仿宋', postscript: 'FangSong' })));
    install(env, '仿宋_GB2312.ttf', toSfntFile(renamed(serif, { family: '仿宋_GB2312', postscript: 'FangSong_GB2312' })));
    const r = await resolveFonts({}, REPO, env);
    expect(r.ok && r.value.body.primary.family).toBe('仿宋_GB2312');
  });

  it('looks for TeX Live\'s Fandol only where it lives, under any TeX Live year', () => {
    expect(fontFolders({ HOME: '/home/u' })).toContain('/usr/local/texlive/*/texmf-dist/fonts/opentype/public/fandol');
  });
});

describe('names inside font files', () => {
  it('reads the names of a WOFF without unpacking the whole font', () => {
    const faces = inspectFontFile(WOFF);
    expect(faces).toHaveLength(1);
    expect(faces[0]!.names).toContain('LXGW WenKai');
    expect(embeddingAllowed(faces[0]!.fsType)).toBe(true);
  });

  it('decodes names stored as GB 2312 codes (platform 3, encoding 3) as old 仿宋_GB2312 files have them', () => {
    const text = [0xb7c2, 0xcbce, ...[...'_GB2312'].map((c) => c.charCodeAt(0))];
    const data = Buffer.alloc(2 * text.length);
    text.forEach((u, i) => data.writeUInt16BE(u, 2 * i));
    const table = Buffer.alloc(6 + 12);
    table.writeUInt16BE(1, 2);
    table.writeUInt16BE(18, 4);
    [3, 3, 0x0804, 1, data.length, 0].forEach((v, i) => table.writeUInt16BE(v, 6 + 2 * i));
    const sfnt = toSfntFile({ flavor: 0x00010000, tables: new Map([['name', Buffer.concat([table, data])]]) });
    const [face] = readFaces((o, n) => sfnt.subarray(o, o + n));
    expect(face!.family).toBe('仿宋_GB2312');
  });

  it('allows embedding unless fsType says "restricted" alone', () => {
    expect([0, 0x0002, 0x0004, 0x0008, 0x0006, 0x0102].map(embeddingAllowed)).toEqual([true, false, true, true, true, false]);
  });
});

describe('report fonts (real command)', () => {
  it('lists each role with its file and warns about stand-ins', () => {
    const dir = copySample();
    const r = runCli(['fonts'], dir, isolated());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('正文（仿宋_GB2312）：Noto Serif SC');
    expect(r.stdout).toMatch(/文件：.*NotoSerifSC_400Regular\.ttf/);
    expect(r.stderr).toContain('警告: PDF 的正文用 Noto Serif SC 代替 仿宋_GB2312（本机没有该字体）');
  });

  it('names the character, the field and the font when a glyph falls back', () => {
    const dir = copySample();
    const data = path.join(dir, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('组长: 王立春', '组长: 王𠮷春'));
    const r = runCli(['build', '2024', '--format', 'pdf', '--quiet'], dir, isolated());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^data\/2024\.yaml:\d+:7: 警告: 领导小组\.组长: 字符“𠮷”不在正文字体 Noto Serif SC 中，PDF 里改用 LXGW WenKai 显示$/m);
  });
});
