/**
 * `report diff` through the real CLI: golden files for the text and Markdown outputs of the sample
 * years (rewrite them with UPDATE_GOLDEN=1 after an intended change), exit codes, validation,
 * colour, and git revisions in a temporary repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySample, runCli } from '../helpers/cli.js';

const GOLDEN = new URL('./golden/', import.meta.url);

function golden(name: string, actual: string): void {
  const file = new URL(name, GOLDEN);
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('report diff on the sample years', () => {
  const dir = copySample();

  it('prints the aligned table and the list changes (golden)', () => {
    const r = runCli(['diff', '2023', '2024'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    golden('2023-2024.txt', r.stdout);
    expect(r.stdout).toMatch(/^行政执法培训班（期）\s+3\s+4\s+\+1\s+\+33\.3%$/m);
    expect(r.stdout).toMatch(/^行政执法案件群众满意度（%）\s+93%以上\s+95%以上\s+约\+2个百分点\s+—$/m);
    expect(r.stdout).toMatch(/^审议通过法治建设文件（份）\s+0\s+2\s+\+2\s+—$/m);
    expect(r.stdout).not.toContain('\x1b[');
    // The README shows this very output.
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(`\`\`\`\n${r.stdout}\`\`\``);
  });

  it('prints Markdown for a pull-request comment (golden)', () => {
    const r = runCli(['diff', '2023', '2024', '--format', 'markdown'], dir);
    expect(r.code).toBe(0);
    golden('2023-2024.md', r.stdout);
    expect(r.stdout).toContain('| **行政执法培训班（期）** | 3 | 4 | +1 | +33.3% |');
    expect(r.stdout).toContain('- 改动：行政执法规范化水平有待提<del>高</del><ins>升</ins>');
  });

  it('hides unchanged metrics with --only-changed', () => {
    const all = runCli(['diff', '2023', '2024'], dir).stdout;
    const only = runCli(['diff', '2023', '2024', '--only-changed'], dir).stdout;
    expect(all).toContain('组织法治学习活动（次）');
    expect(only).not.toContain('组织法治学习活动（次）');
    expect(only).toContain('行政执法培训班（期）');
    const json = JSON.parse(runCli(['diff', '2023', '2024', '--format', 'json', '--only-changed'], dir).stdout);
    expect(json.metrics.every((m: { status: string }) => m.status !== 'unchanged')).toBe(true);
  });

  it('exits 1 with --exit-code when anything differs, 0 when nothing does', () => {
    expect(runCli(['diff', '2023', '2024', '--exit-code'], dir).code).toBe(1);
    const same = runCli(['diff', '2024', 'data/2024.yaml', '--exit-code'], dir);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/没有差别\n$/);
  });

  it('colours a terminal only when asked by FORCE_COLOR, never with NO_COLOR or in a pipe', () => {
    expect(runCli(['diff', '2023', '2024'], dir, { NO_COLOR: '1', FORCE_COLOR: '1' }).stdout).not.toContain('\x1b[');
    const forced = runCli(['diff', '2023', '2024'], dir, { NO_COLOR: '', FORCE_COLOR: '1' }).stdout;
    expect(forced).toContain('\x1b[32m升\x1b[39m');
    expect(runCli(['diff', '2023', '2024', '--format', 'markdown'], dir, { NO_COLOR: '', FORCE_COLOR: '1' }).stdout).not.toContain('\x1b[');
  });

  it('takes --json as --format json', () => {
    const r = runCli(['diff', '2023', '2024', '--json'], dir);
    expect(JSON.parse(r.stdout).format).toBe('report-diff');
  });
});

describe('report diff on invalid or missing data', () => {
  it('gives the diagnostics of report check, exit 1, for either side', () => {
    const dir = copySample();
    const data = path.join(dir, 'data', '2023.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 3 ', '期数: 三 '));
    const diff = runCli(['diff', '2023', '2024'], dir);
    const check = runCli(['check', '2023'], dir);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toBe('');
    expect(diff.stderr).toMatch(/^data\/2023\.yaml:\d+:\d+: 错误: 行政执法培训\.期数 应为非负整数，实际为 "三"$/m);
    expect(diff.stderr).toBe(check.stderr);
  });

  it('is a usage error (exit 2) for a year without data or a side that is nothing', () => {
    const dir = copySample();
    const r = runCli(['diff', '2019', '2024'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('没有 2019 年的数据文件');
    const n = runCli(['diff', '不存在.yaml', '2024'], dir);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain('既不是年份，也不是存在的文件或 git 版本:路径');
  });
});

describe('report diff on git revisions', () => {
  const git = (dir: string, ...args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' } });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };
  const hasGit = spawnSync('git', ['--version']).status === 0;

  it.skipIf(!hasGit)('compares a data file between two commits', () => {
    const dir = copySample();
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'first');
    const file = path.join(dir, 'data', '2024.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('期数: 4 ', '期数: 6 ').replace('  - 标题: 行政决策机制尚需完善', '  - 标题: 行政决策机制仍需完善'),
    );
    git(dir, 'commit', '-qam', 'second');
    const r = runCli(['diff', 'HEAD~1:data/2024.yaml', 'HEAD:data/2024.yaml', '--only-changed', '--exit-code'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('HEAD~1:data/2024.yaml（2024 年） → HEAD:data/2024.yaml（2024 年）');
    expect(r.stdout).toMatch(/^指标\s+之前\s+之后\s+变化\s+变化率$/m);
    expect(r.stdout).toMatch(/^行政执法培训班（期）\s+4\s+6\s+\+2\s+\+50%$/m);
    expect(r.stdout).toContain('  ~ 行政决策机制[-尚-]{+仍+}需完善（内容未变）');
    // A revision against the working file, and an unchanged pair.
    expect(runCli(['diff', 'HEAD:data/2024.yaml', 'data/2024.yaml', '--exit-code'], dir).code).toBe(0);
    const bad = runCli(['diff', 'HEAD~5:data/2024.yaml', '2024'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('git 读不到 HEAD~5:data/2024.yaml');
  });
});
