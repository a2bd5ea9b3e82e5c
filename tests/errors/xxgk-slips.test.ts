/**
 * Typing slips in a 政府信息公开 data file (tables written as `{自然人: 5, 商业企业: 0, …}` rows),
 * through the real CLI: each is reported once, at the line and column the clerk must fix, with
 * nothing else that follows from it.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

const EXAMPLE = path.join(REPO, 'examples', 'xxgk-huaian');

/** The example with one replacement in its data; returns `report check 2024`'s exit code and stderr lines. */
function check(from: string, to: string): { code: number | null; lines: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-xxgk-slip-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  const file = path.join(dir, 'data', '2024.yaml');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  const r = runCli(['check', '2024'], dir, { HOME: dir, REPORT_CACHE_DIR: path.join(dir, '.cache') });
  return { code: r.code, lines: r.stderr.trimEnd().split('\n') };
}

const ROW = '    部分公开: {自然人: 447, 商业企业: 7,';

describe('slips in a 政府信息公开 table row', () => {
  it('no space after a colon inside {…}: one message at the colon, no unknown or missing field', () => {
    expect(check(ROW, '    部分公开: {自然人:447, 商业企业: 7,')).toEqual({
      code: 1,
      lines: ['data/2024.yaml:46:15: 错误: 冒号后面要加一个空格：写成 自然人: 447', '共 1 个错误'],
    });
  });

  it('a full-width colon inside {…}', () => {
    expect(check(ROW, '    部分公开: {自然人：447, 商业企业: 7,')).toEqual({
      code: 1,
      lines: ['data/2024.yaml:46:15: 错误: 这里是全角冒号“：”，要写半角冒号加一个空格：写成 自然人: 447', '共 1 个错误'],
    });
  });

  it('a full-width opening brace with a half-width closing one: one message at the ｛', () => {
    expect(check(ROW, '    部分公开: ｛自然人: 447, 商业企业: 7,')).toEqual({
      code: 1,
      lines: [
        'data/2024.yaml:46:11: 错误: 第 46 行第 11 列是全角花括号“｛”，请改成半角花括号“{”',
        '  提示: 中文输入法打出的符号是全角的；YAML 的冒号、减号、括号、引号、井号和缩进要在英文状态（半角）下输入',
        '共 1 个错误',
      ],
    });
  });

  it('a row moved out by two spaces: the row itself, not the lines after it', () => {
    expect(check(ROW, '  部分公开: {自然人: 447, 商业企业: 7,')).toEqual({
      code: 1,
      lines: ['data/2024.yaml:46:3: 错误: 这一行缩进了 2 个空格，上下的行都是 4 个：同一层的字段要从同一列开始', '  提示: 在 部分公开 前面补上 2 个空格', '共 1 个错误'],
    });
  });
});
