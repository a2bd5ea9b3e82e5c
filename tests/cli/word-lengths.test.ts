/**
 * The line breaker's word lengths kept between runs (src/cli/word-lengths.ts): what ICU's word
 * segmentation found is written to the cache folder per ICU version, read back as the same
 * lengths, damaged files are ignored, the launcher looks for the same file, and a PDF built from
 * kept lengths is the PDF built by ICU.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadWordLengths, saveWordLengths, wordLengthsFileName } from '../../src/cli/word-lengths.js';
import { breakLines, rememberWordLengths, wordLengthsFound } from '../../src/layout/line-break.js';
import { copySample, REPO, runCli } from '../helpers/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'report-wl-'));

describe('kept word lengths', () => {
  it('are written after a segmentation and read back as the same lengths', () => {
    const folder = tmp();
    // A number followed by a measure word: the breaker asks ICU how long the word is.
    const chars = [...'全年共开展普法宣传活动12人次，发放宣传资料3000余份，覆盖全镇各村。'];
    breakLines(chars, chars.map(() => 1), 26, 28);
    const found = new Map(wordLengthsFound().lengths);
    expect([...found.keys()].some((k) => k.startsWith('人次'))).toBe(true);
    saveWordLengths(folder);
    const file = path.join(folder, wordLengthsFileName());
    const kept = JSON.parse((JSON.parse(readFileSync(file, 'utf8')) as { lengths: string }).lengths) as [string, number][];
    expect(new Map(kept)).toEqual(found);
    expect(loadWordLengths(folder)).toBe(true);
    expect(new Map(wordLengthsFound().lengths)).toEqual(found);
    // Nothing new since: nothing written.
    writeFileSync(file, '[]');
    saveWordLengths(folder);
    expect(readFileSync(file, 'utf8')).toBe('[]');
  });

  it('ignore a damaged file and entries that cannot be lengths', () => {
    const folder = tmp();
    const file = path.join(folder, wordLengthsFileName());
    writeFileSync(file, '{"not": "a list"');
    expect(loadWordLengths(folder)).toBe(false);
    const lengths = JSON.stringify([['件，', 9], ['件，', -1], [3, 1], ['件，', 1.5], 'x']);
    writeFileSync(file, JSON.stringify({ crc: crc32(lengths), lengths }));
    const before = wordLengthsFound().lengths.get('件，');
    loadWordLengths(folder);
    expect(wordLengthsFound().lengths.get('件，')).toBe(before);
    // A length changed on disk fails the file's CRC-32: nothing of it is used.
    const good = JSON.stringify([['件，对发现的', 1]]);
    writeFileSync(file, JSON.stringify({ crc: crc32(good), lengths: good.replace(', 1]', ', 2]').replace(',1]', ',2]') }));
    expect(loadWordLengths(folder)).toBe(false);
    rememberWordLengths([['件，对', 1]]);
    expect(wordLengthsFound().lengths.get('件，对')).toBe(1);
  });

  it('are looked for by the launcher under the same name', () => {
    const launcher = readFileSync(path.join(REPO, 'bin', 'report.js'), 'utf8');
    const name = /`(word-lengths-icu[^`]+\.json)`/.exec(launcher)?.[1];
    expect(name).toBeDefined();
    const versions = process.versions;
    expect(new Function('versions', `return \`${name}\`;`)(versions)).toBe(wordLengthsFileName());
  });

  it('give the installed program the same PDF as ICU does', () => {
    const dir = copySample({ previous: false });
    const cache = tmp();
    const env = { REPORT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1735689600' };
    const pdf = path.join(dir, 'out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.pdf');
    expect(runCli(['build', '2024', '--format', 'pdf,docx'], dir, env).code).toBe(0);
    const first = readFileSync(pdf);
    const kept = JSON.parse(readFileSync(path.join(cache, wordLengthsFileName()), 'utf8')) as { lengths: string };
    expect((JSON.parse(kept.lengths) as unknown[]).length).toBeGreaterThan(5);
    expect(runCli(['build', '2024', '--format', 'pdf,docx', '--force'], dir, env).code).toBe(0);
    expect(readFileSync(pdf).equals(first)).toBe(true);
  }, 60_000);
});
