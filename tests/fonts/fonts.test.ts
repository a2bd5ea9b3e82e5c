/**
 * Font resolution and loading: the bundled npm fonts cover GB 2312, WOFF is unpacked correctly,
 * WOFF2 is refused, configured files win (and a missing one is an error), and an official font
 * installed on the machine is found by its file name.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { containerOf, woffToSfnt } from '../../src/fonts/sfnt.js';
import { openMetrics } from '../../src/fonts/metrics.js';
import { copySample, REPO, runCli } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const SANS = require.resolve('@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf');
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

  it('finds an official font installed in the user font folder by its file name', async () => {
    const env = isolated();
    mkdirSync(path.join(env.HOME, '.fonts'), { recursive: true });
    copyFileSync(SANS, path.join(env.HOME, '.fonts', 'simhei.ttf'));
    const r = await resolveFonts({}, REPO, env);
    expect(r.ok && [r.value.heading1.primary.family, r.value.heading1.primary.source, r.value.heading1.primary.official]).toEqual(['黑体', 'system', true]);
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
