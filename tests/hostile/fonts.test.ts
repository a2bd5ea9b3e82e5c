/**
 * Truncated font files (the first 5 KB … 10 MB of a real one): configured, each is refused with a
 * plain message naming the table that runs past the end of the file; found among the installed
 * fonts, it is passed over for the stand-in, with the reason.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { readSfnt, renamed, toSfntFile } from '../fonts/craft.js';

const require = createRequire(import.meta.url);
const SERIF = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
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
