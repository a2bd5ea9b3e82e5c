/**
 * `report watch`: builds, rebuilds on a change, reports a mistake and keeps watching, and exits 0 on
 * Ctrl-C. Waits are bounded and driven by the command's own output, never fixed sleeps.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, copySample } from '../helpers/cli.js';

describe('report watch', () => {
  it('rebuilds when the data changes, survives a mistake, and stops cleanly', async () => {
    const dir = copySample();
    const child = spawn(process.execPath, [BIN, 'watch', '2024', '--format', 'txt'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const waitFor = (test: () => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const tick = setInterval(() => {
          if (test()) {
            clearInterval(tick);
            resolve();
          } else if (Date.now() - started > 20_000) {
            clearInterval(tick);
            reject(new Error(`timed out waiting for ${what}\nstdout:\n${out}\nstderr:\n${err}`));
          }
        }, 25);
      });
    const count = (s: string, needle: string) => s.split(needle).length - 1;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    await waitFor(() => out.includes('正在监视'), 'the ready line');
    const data = path.join(dir, 'data', '2024.yaml');
    const original = readFileSync(data, 'utf8');
    writeFileSync(data, original.replace('期数: 4 ', '期数: 8 '));
    await waitFor(() => count(out, '已生成') >= 2, 'the rebuild');
    const txt = path.join(dir, 'out', '2024', '瓦房镇人民政府2024年法治政府建设年度报告.txt');
    expect(readFileSync(txt, 'utf8')).toContain('行政执法培训班8期');

    writeFileSync(data, original.replace('期数: 4 ', '期数: 八 '));
    await waitFor(() => err.includes('行政执法培训.期数 应为非负整数，实际为 "八"'), 'the diagnostic');
    await waitFor(() => out.includes('文档未更新'), 'the error summary');
    expect(readFileSync(txt, 'utf8')).toContain('行政执法培训班8期');

    writeFileSync(data, original);
    await waitFor(() => count(out, '已生成') >= 3, 'the rebuild after the fix');

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('已停止监视');
  }, 60_000);
});
