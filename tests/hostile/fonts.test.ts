/**
 * Truncated font files (the first 5 KB … 10 MB of a real one): configured, each is refused with a
 * plain message naming the table that runs past the end of the file; found among the installed
 * fonts, it is passed over for the stand-in, with the reason.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.js';
import { fontFingerprint, resolveFonts } from '../../src/cli/fonts.js';
import { copySample, runCliAsync } from '../helpers/cli.js';
import { readSfnt, renamed, toSfntFile } from '../fonts/craft.js';

const require = createRequire(import.meta.url);
const SERIF = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const LIBERATION = require.resolve('pdfjs-dist/standard_fonts/LiberationSans-Regular.ttf');
const LIBERATION_BOLD = require.resolve('pdfjs-dist/standard_fonts/LiberationSans-Bold.ttf');
const isolated = () => ({ HOME: mkdtempSync(path.join(tmpdir(), 'report-home-')), REPORT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'report-cache-')) });
const SIZES = [5 * 1024, 100 * 1024, 1024 * 1024, 5 * 1024 * 1024, 10 * 1024 * 1024];

describe('truncated font files', () => {
  it('a configured font cut at 5 KB … 10 MB is refused with the table that runs past its end', async () => {
    const whole = readFileSync(SERIF);
    const dir = mkdtempSync(path.join(tmpdir(), 'report-fonts-'));
    for (const size of SIZES.filter((s) => s < whole.length)) {
      writeFileSync(path.join(dir, 'body.ttf'), whole.subarray(0, size));
      const r = await resolveFonts({ body: { file: 'body.ttf' } }, dir, isolated());
      expect(r.ok, `${size} bytes`).toBe(false);
      if (!r.ok) {
        expect(r.diagnostics).toHaveLength(1);
        expect(r.diagnostics[0]!.message).toMatch(/^正文字体 body\.ttf 无法使用：字体文件不完整或已损坏（表 \S+ 超出文件末尾）$/);
      }
    }
  });

  it('an installed 仿宋 that is truncated is passed over, with the reason, for the stand-in', async () => {
    const env = isolated();
    const fonts = path.join(env.HOME, '.fonts');
    mkdirSync(fonts);
    const fangsong = toSfntFile(renamed(readSfnt(SERIF), { family: '仿宋', postscript: 'FangSong' }));
    writeFileSync(path.join(fonts, 'simfang.ttf'), fangsong.subarray(0, Math.floor(fangsong.length / 2)));
    const r = await resolveFonts({}, mkdtempSync(path.join(tmpdir(), 'report-project-')), env);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.body.primary.source).toBe('bundled');
    expect(r.value.body.primary.reason).toMatch(/simfang\.ttf 字体文件不完整或已损坏（表 \S+ 超出文件末尾）/);
    // The whole file is used.
    writeFileSync(path.join(fonts, 'simfang.ttf'), fangsong);
    const whole = await resolveFonts({}, mkdtempSync(path.join(tmpdir(), 'report-project-')), env);
    expect(whole.ok && [whole.value.body.primary.source, whole.value.body.primary.family]).toEqual(['system', '仿宋']);
  });
});

describe('a font file deleted or replaced during a build', () => {
  it('the manifest records the font as it was opened: deleting it afterwards is no crash, replacing it is a change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-fonts-'));
    const file = path.join(dir, 'body.ttf');
    copyFileSync(LIBERATION, file);
    const size = statSync(file).size;
    const r = await resolveFonts({ body: { file: 'body.ttf' } }, dir, isolated());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const entry = (fp: string[]) => fp.find((e) => e.startsWith(`${file}#`));
    const before = entry(fontFingerprint(r.value));
    expect(before).toMatch(new RegExp(`:${size}:\\d+$`));
    // Replaced by another font after it was opened: the PDF is made from the open file, and that is what is recorded.
    rmSync(file);
    copyFileSync(LIBERATION_BOLD, file);
    expect(entry(fontFingerprint(r.value))).toBe(before);
    // Deleted: the same.
    rmSync(file);
    expect(entry(fontFingerprint(r.value))).toBe(before);
  });

  it('a font file gone before it was opened is a problem naming it (exit 1), not an internal error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-fonts-'));
    const r = await resolveFonts({}, dir, isolated());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const gone = path.join(dir, 'gone.ttf');
    const set = { ...r.value, body: { ...r.value.body, primary: { ...r.value.body.primary, file: gone } } };
    let thrown: unknown;
    try {
      fontFingerprint(set);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).exitCode).toBe(1);
    expect((thrown as UserError).diagnostics[0]!.message).toBe(`无法读取字体文件 ${gone}：文件不存在`);
  });

  it('through the real CLI: a configured font replaced between builds rebuilds the PDF; deleted, it is named (exit 1)', async () => {
    const root = copySample({ previous: false });
    mkdirSync(path.join(root, 'fonts'));
    copyFileSync(LIBERATION, path.join(root, 'fonts', 'body.ttf'));
    writeFileSync(path.join(root, 'report.yaml'), `${readFileSync(path.join(root, 'report.yaml'), 'utf8')}\nfonts:\n  body: { file: fonts/body.ttf }\n`);
    const env = isolated();
    expect((await runCliAsync(['build', '2024', '--format', 'pdf'], root, env)).code).toBe(0);
    expect((await runCliAsync(['build', '2024', '--format', 'pdf'], root, env)).stdout).toMatch(/已是最新，跳过/);
    rmSync(path.join(root, 'fonts', 'body.ttf'));
    copyFileSync(LIBERATION_BOLD, path.join(root, 'fonts', 'body.ttf'));
    const again = await runCliAsync(['build', '2024', '--format', 'pdf'], root, env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/PDF 字体 \S*fonts\/body\.ttf 有变化，重新生成/);
    rmSync(path.join(root, 'fonts', 'body.ttf'));
    const gone = await runCliAsync(['build', '2024', '--format', 'pdf'], root, env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^report\.yaml:\d+:\d+: 错误: 正文字体 fonts\/body\.ttf 无法使用：文件不存在$/m);
    expect(gone.stderr).not.toMatch(/内部错误/);
  });
});
