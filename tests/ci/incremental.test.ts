/**
 * The manifest: a year whose inputs are unchanged is skipped; a change to any input (data, the
 * previous year's data, template, config) rebuilds it; --force always rebuilds; a document changed
 * on disk is rebuilt. --check writes nothing and fails on stale documents. --all builds every year.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySample, runCli } from '../helpers/cli.js';

const TXT = 'out/2024/瓦房镇人民政府2024年法治政府建设年度报告.txt';
const build = (dir: string, ...args: string[]) => runCli(['build', '--format', 'txt', ...args], dir);
const skipped = (out: string) => out.includes('2024 年：已是最新，跳过');
const edit = (file: string, from: string, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));

describe('incremental builds', () => {
  it('skips an unchanged year and rebuilds after each kind of input change', () => {
    const dir = copySample();
    expect(build(dir, '2024').stdout).toContain(`已生成 ${TXT}`);
    expect(existsSync(path.join(dir, 'out', '.report-manifest.json'))).toBe(true);
    const again = build(dir, '2024');
    expect(again.code).toBe(0);
    expect(skipped(again.stdout)).toBe(true);

    const changes: [string, () => void][] = [
      ['data', () => edit(path.join(dir, 'data/2024.yaml'), '学习心得: 19', '学习心得: 20')],
      ['template', () => edit(path.join(dir, 'templates/annual-report.hbs'), '比学赶超', '比学赶帮超')],
      ['config', () => writeFileSync(path.join(dir, 'report.yaml'), `${readFileSync(path.join(dir, 'report.yaml'), 'utf8')}\n# 改动\n`)],
    ];
    for (const [what, change] of changes) {
      change();
      const r = build(dir, '2024');
      expect(skipped(r.stdout), what).toBe(false);
      expect(r.stdout, what).toContain(`已生成 ${TXT}`);
      expect(skipped(build(dir, '2024').stdout), what).toBe(true);
    }
    // The previous year's data file is an input too (templates may compare with it).
    const prev = readFileSync(path.join(dir, 'data/2024.yaml'), 'utf8').replace('年度: 2024', '年度: 2023').replace('成文日期: 2025-01-20', '成文日期: 2024-01-20');
    writeFileSync(path.join(dir, 'data/2023.yaml'), prev);
    expect(skipped(build(dir, '2024').stdout)).toBe(false);
    expect(skipped(build(dir, '2024').stdout)).toBe(true);
  });

  it('rebuilds with --force, and when a document was changed on disk', () => {
    const dir = copySample();
    build(dir, '2024');
    expect(skipped(build(dir, '2024', '--force').stdout)).toBe(false);
    writeFileSync(path.join(dir, TXT), 'edited by hand');
    const r = build(dir, '2024');
    expect(skipped(r.stdout)).toBe(false);
    expect(readFileSync(path.join(dir, TXT), 'utf8')).toContain('瓦房镇人民政府');
  });

  it('--check passes on current documents and fails, writing nothing, on stale ones', () => {
    const dir = copySample();
    build(dir, '--all'); // 2023 and 2024: the sample has both years (data/2023.yaml)
    const ok = build(dir, '--check', '2024');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('文档都是最新的（2024 年）');
    edit(path.join(dir, 'data/2024.yaml'), '会议: 5 ', '会议: 6 ');
    const before = statSync(path.join(dir, TXT)).mtimeMs;
    const stale = build(dir, '--check', '--all');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`错误: 1 个文档与数据不一致（已过期或缺少）：\n  ${TXT}`);
    expect(statSync(path.join(dir, TXT)).mtimeMs).toBe(before);
    const json = JSON.parse(runCli(['build', '--format', 'txt', '--check', '2024', '--json'], dir).stdout) as { ok: boolean; mode: string; files: { file: string }[] };
    expect([json.ok, json.mode, json.files.map((f) => f.file)]).toEqual([false, 'check', [TXT]]);
  });

  it('--all builds every year that has a data file, and --json summarises', () => {
    const dir = copySample();
    const prev = readFileSync(path.join(dir, 'data/2024.yaml'), 'utf8').replace('年度: 2024', '年度: 2023').replace('成文日期: 2025-01-20', '成文日期: 2024-01-20');
    writeFileSync(path.join(dir, 'data/2023.yaml'), prev);
    const r = runCli(['build', '--all', '--format', 'txt', '--json'], dir);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { ok: boolean; files: { year: number; format: string; file: string; bytes: number; sha256: string }[]; skipped: number[]; warnings: unknown[] };
    expect(summary.ok).toBe(true);
    expect(summary.files.map((f) => [f.year, f.format])).toEqual([
      [2024, 'txt'],
      [2023, 'txt'],
    ]);
    for (const f of summary.files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.bytes).toBe(statSync(path.join(dir, f.file)).size);
    }
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['.report-manifest.json', '2023', '2024']);
    const again = JSON.parse(runCli(['build', '--all', '--format', 'txt', '--json'], dir).stdout) as { skipped: number[] };
    expect(again.skipped).toEqual([2024, 2023]);
  });

  it('asks for years: no year and no --all is a usage error', () => {
    const r = runCli(['build'], copySample());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误: 请写出要生成的年份，或用 --all 生成所有年份');
  });
});
