/**
 * `report watch`: builds, rebuilds on a change to the data, the template or the config (several
 * changes at once give one rebuild), reports a mistake and keeps watching (even a broken report.yaml
 * at start), and exits 0 on Ctrl-C. Every wait is bounded and driven by the command's own output,
 * never a fixed sleep.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySample } from '../helpers/cli.js';
import { startWatch, stopWatchers } from '../helpers/watch.js';

const TXT = path.join('out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.txt');
afterEach(stopWatchers);

describe('report watch', () => {
  it('rebuilds when the data changes, survives a mistake, and stops cleanly', async () => {
    const dir = copySample();
    const w = startWatch(dir, '2024', '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    expect(w.io.out).toContain('正在监视 report.yaml、data/、templates/（按 Ctrl-C 退出）');
    expect(w.count('已生成')).toBe(1);

    const data = path.join(dir, 'data', '2024.yaml');
    const original = readFileSync(data, 'utf8');
    writeFileSync(data, original.replace('期数: 4 ', '期数: 8 '));
    await w.waitFor(() => w.count('完成') >= 2, 'the rebuild');
    expect(w.io.out).toContain('发现改动：data/2024.yaml，重新生成…\n2024 年：data/2024.yaml 有变化，重新生成\n已生成 ');
    expect(readFileSync(path.join(dir, TXT), 'utf8')).toContain('行政执法培训班8期');

    writeFileSync(data, original.replace('期数: 4 ', '期数: 八 '));
    await w.waitFor(() => w.io.out.includes('文档未更新'), 'the error summary');
    expect(w.io.err).toContain('行政执法培训.期数 应为非负整数，实际为 "八"');
    expect(readFileSync(path.join(dir, TXT), 'utf8')).toContain('行政执法培训班8期');

    writeFileSync(data, original);
    await w.waitFor(() => w.count('完成') >= 3, 'the rebuild after the fix');
    expect(readFileSync(path.join(dir, TXT), 'utf8')).toContain('行政执法培训班4期');

    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
    expect(w.io.out.trimEnd().split('\n').at(-1)).toBe('已停止监视');
  }, 60_000);

  it('rebuilds on template and config changes (also saved by renaming), several at once giving one rebuild', async () => {
    const dir = copySample();
    const w = startWatch(dir, '2024', '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');

    // Two files written together: one debounced rebuild naming both.
    const template = path.join(dir, 'templates', 'annual-report.hbs');
    const data = path.join(dir, 'data', '2024.yaml');
    writeFileSync(template, readFileSync(template, 'utf8').replace('比学赶超', '比学赶帮超'));
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 5 '));
    await w.waitFor(() => w.count('完成') >= 2, 'the rebuild');
    expect(w.io.out).toContain('发现改动：data/2024.yaml、templates/annual-report.hbs，重新生成…');
    expect(readFileSync(path.join(dir, TXT), 'utf8')).toContain('比学赶帮超');

    // report.yaml saved the way many editors do: a new file renamed over the old one.
    const config = path.join(dir, 'report.yaml');
    writeFileSync(`${config}.new`, `${readFileSync(config, 'utf8')}\n# 改动\n`);
    renameSync(`${config}.new`, config);
    await w.waitFor(() => w.count('完成') >= 3, 'the rebuild after the config change');
    expect(w.io.out).toContain('2024 年：report.yaml 有变化，重新生成');

    // And again: the folder is still watched after the rename.
    writeFileSync(`${config}.new`, `${readFileSync(config, 'utf8')}\n# 再改\n`);
    renameSync(`${config}.new`, config);
    await w.waitFor(() => w.count('完成') >= 4, 'the second config change');

    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  }, 60_000);

  it('starts with a broken report.yaml, says what is wrong, and builds once it is fixed', async () => {
    const dir = copySample();
    const config = path.join(dir, 'report.yaml');
    const good = readFileSync(config, 'utf8');
    writeFileSync(config, `${good}\nbogus: 1\n`);
    const w = startWatch(dir, '2024', '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    expect(w.io.err).toMatch(/^report\.yaml:\d+:1: 错误: 未知的配置项 bogus$/m);
    expect(w.io.out).toContain('有 1 个错误，文档未更新；改正后会自动重新生成');

    writeFileSync(config, good);
    await w.waitFor(() => w.io.out.includes('完成'), 'the build after the fix');
    expect(readFileSync(path.join(dir, TXT), 'utf8')).toContain('瓦房镇人民政府');

    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(0);
  }, 60_000);
});
