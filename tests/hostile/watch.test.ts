/**
 * `report watch` keeps hearing its folders when they are deleted and recreated, renamed, or
 * replaced by a link, and says when it cannot watch one. Every wait is driven by the command's own
 * output (bounded), never a fixed sleep.
 */
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySample } from '../helpers/cli.js';
import { startWatch, stopWatchers } from '../helpers/watch.js';

const TXT = path.join('out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.txt');
afterEach(stopWatchers);

const data = (dir: string) => path.join(dir, 'data', '2024.yaml');
const setCount = (file: string, n: number) => writeFileSync(file, readFileSync(file, 'utf8').replace(/期数: \d+ /, `期数: ${n} `));
const txt = (dir: string) => readFileSync(path.join(dir, TXT), 'utf8');

/** Edits the data three times; each edit must be rebuilt into the document. */
async function threeEdits(w: ReturnType<typeof startWatch>, dir: string, file = data(dir)) {
  for (const n of [11, 12, 13]) {
    const before = w.count('完成');
    setCount(file, n);
    await w.waitFor(() => w.count('完成') > before && txt(dir).includes(`行政执法培训班${n}期`), `the rebuild with ${n}期`);
  }
}

describe('report watch when its folders change under it', () => {
  it('a data folder deleted and recreated (rm -rf data; cp -r backup data) is heard again', async () => {
    const dir = copySample();
    cpSync(path.join(dir, 'data'), path.join(dir, 'backup'), { recursive: true });
    const w = startWatch(dir, '2024', '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    rmSync(path.join(dir, 'data'), { recursive: true });
    cpSync(path.join(dir, 'backup'), path.join(dir, 'data'), { recursive: true });
    await threeEdits(w, dir);
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  }, 60_000);

  it('a data folder renamed away and another renamed into its place: the new one is watched, the old one no longer', async () => {
    const dir = copySample();
    cpSync(path.join(dir, 'data'), path.join(dir, 'data.new'), { recursive: true });
    setCount(path.join(dir, 'data.new', '2024.yaml'), 9);
    const w = startWatch(dir, '2024', '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    renameSync(path.join(dir, 'data'), path.join(dir, 'data.old'));
    renameSync(path.join(dir, 'data.new'), path.join(dir, 'data'));
    await w.waitFor(() => txt(dir).includes('行政执法培训班9期'), 'the rebuild from the new folder');
    expect(w.io.out).toContain('发现改动：data/，重新生成…');
    await threeEdits(w, dir);
    // The old folder, still open somewhere, is not the data any more.
    const builds = w.count('完成');
    setCount(path.join(dir, 'data.old', '2024.yaml'), 20);
    setCount(data(dir), 14);
    await w.waitFor(() => w.count('完成') > builds && txt(dir).includes('行政执法培训班14期'), 'the rebuild with 14期');
    expect(w.io.out).not.toContain('data.old');
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  }, 60_000);

  it('a data folder replaced by a link to another folder is followed', async () => {
    const dir = copySample();
    const elsewhere = path.join(dir, 'elsewhere');
    cpSync(path.join(dir, 'data'), elsewhere, { recursive: true });
    setCount(path.join(elsewhere, '2024.yaml'), 7);
    const w = startWatch(dir, '2024', '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    rmSync(path.join(dir, 'data'), { recursive: true });
    symlinkSync(elsewhere, path.join(dir, 'data'));
    await w.waitFor(() => txt(dir).includes('行政执法培训班7期'), 'the rebuild through the link');
    await threeEdits(w, dir, path.join(elsewhere, '2024.yaml'));
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  }, 60_000);

  it('says when it cannot watch a folder, and watches it again when it is back', async () => {
    const dir = copySample();
    const w = startWatch(dir, '2024', '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    const templates = path.join(dir, 'templates');
    renameSync(templates, path.join(dir, 'templates.away'));
    await w.waitFor(() => w.io.err.includes('无法监视 templates/'), 'the message');
    expect(w.io.err).toContain('无法监视 templates/：文件夹不存在（被删除或改名）；它恢复后会继续监视');
    mkdirSync(templates);
    const template = readFileSync(path.join(dir, 'templates.away', 'annual-report.hbs'), 'utf8');
    writeFileSync(path.join(templates, 'annual-report.hbs'), template.replace('比学赶超', '比学赶帮超'));
    await w.waitFor(() => w.io.out.includes('重新开始监视 templates/') && txt(dir).includes('比学赶帮超'), 'the rebuild from the folder back');
    // Said once, not on every check.
    expect(w.io.err.split('无法监视 templates/').length - 1).toBe(1);
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  }, 60_000);

  it('a watch started without its data folder says so and builds once the folder appears', async () => {
    const dir = copySample();
    renameSync(path.join(dir, 'data'), path.join(dir, 'later'));
    const w = startWatch(dir, '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    expect(w.io.err).toContain('无法监视 data/：文件夹不存在（被删除或改名）；它恢复后会继续监视');
    renameSync(path.join(dir, 'later'), path.join(dir, 'data'));
    await w.waitFor(() => w.io.out.includes('重新开始监视 data/') && w.io.out.includes('已生成'), 'the build');
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  }, 60_000);

  it('a data file with many problems: 20 listed, the rest counted, and the count says all of them', async () => {
    const dir = copySample();
    const w = startWatch(dir, '2024', '--format', 'txt');
    await w.waitFor(() => w.io.out.includes('正在监视'), 'the ready line');
    const file = data(dir);
    writeFileSync(file, `${readFileSync(file, 'utf8')}${Array.from({ length: 30 }, (_, i) => `k${i}: ${i}\n`).join('')}`);
    await w.waitFor(() => w.io.out.includes('有 30 个错误，文档未更新'), 'the problems');
    expect(w.io.err.split('\n').filter((l) => l.includes(': 错误: 未知字段 k'))).toHaveLength(20);
    expect(w.io.err).toContain('……另有 10 个错误未列出');
    expect(w.io.err).not.toMatch(/^共 \d+ 个错误$/m);
  });
});
