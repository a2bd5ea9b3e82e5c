/**
 * Nothing is lost: a failed build leaves the previous documents byte-identical with no partial
 * file; an output folder that cannot be written gives a clear error; two builds of the same year at
 * once leave valid documents; data files are only read. Also: diagnostics as JSON, and internal
 * errors (exit 3) with a stack trace only under --debug.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { BIN, copySample, runCli } from '../helpers/cli.js';
import { docxText } from '../helpers/docx.js';

const snapshot = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));

describe('nothing lost', () => {
  it('a failed build leaves the previous documents byte-identical and no temporary file', () => {
    const root = copySample();
    expect(runCli(['build', '2024', '--quiet'], root).code).toBe(0);
    const out = path.join(root, 'out', '2024');
    const before = snapshot(out);
    const data = path.join(root, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 四 '));
    const r = runCli(['build', '2024', '--force'], root);
    expect(r.code).toBe(1);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('an output folder that cannot be created is a clear error, and the data is untouched', () => {
    const root = copySample();
    writeFileSync(path.join(root, 'out'), 'a file where the output folder should be');
    const data = path.join(root, 'data', '2024.yaml');
    const dataBefore = readFileSync(data);
    const mtime = statSync(data).mtimeMs;
    const r = runCli(['build', '2024', '--format', 'txt'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^out\/2024: 错误: 无法创建输出文件夹 out\/2024：路径中的某一层(是文件，不是文件夹|已被同名的文件占用)$/m);
    expect(r.stderr).not.toMatch(/内部错误|^\s+at /m);
    expect(Buffer.compare(readFileSync(data), dataBefore)).toBe(0);
    expect(statSync(data).mtimeMs).toBe(mtime);
  });

  it('a document that cannot be replaced is a clear error; the documents written before it stay whole', () => {
    const root = copySample();
    const out = path.join(root, 'out', '2024');
    // A folder where the PDF should go: renaming the new PDF onto it fails, as with a locked file.
    mkdirSync(path.join(out, '瓦房镇人民政府2024年法治政府建设年度报告.pdf'), { recursive: true });
    writeFileSync(path.join(out, '瓦房镇人民政府2024年法治政府建设年度报告.pdf', 'keep'), 'x');
    const r = runCli(['build', '2024', '--format', 'docx,pdf,txt'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^out\/2024\/瓦房镇人民政府2024年法治政府建设年度报告\.pdf: 错误: 无法写入输出文件 .*：这是文件夹，不是文件；原有文件保持不变$/m);
    expect(r.stderr).toContain('提示: 输出位置上有一个同名的文件夹，请把它移走');
    expect(docxText(new Uint8Array(readFileSync(path.join(out, '瓦房镇人民政府2024年法治政府建设年度报告.docx'))))).toContain('瓦房镇人民政府');
    expect(readdirSync(out).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('two builds of the same year at once leave valid documents', async () => {
    const root = copySample();
    const once = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'build', '2024', '--force', '--quiet'], { cwd: root });
        child.on('exit', resolve);
      });
    expect(await Promise.all([once(), once()])).toEqual([0, 0]);
    const out = path.join(root, 'out', '2024');
    const files = readdirSync(out).sort();
    expect(files).toEqual([
      '瓦房镇人民政府2024年法治政府建设年度报告.docx',
      '瓦房镇人民政府2024年法治政府建设年度报告.pdf',
      '瓦房镇人民政府2024年法治政府建设年度报告.txt',
    ]);
    expect(readFileSync(path.join(out, files[1]!)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(path.join(out, files[1]!)).subarray(-6).toString()).toContain('%%EOF');
    expect(docxText(new Uint8Array(readFileSync(path.join(out, files[0]!))))).toContain('现将有关情况报告如下');
    const manifest = JSON.parse(readFileSync(path.join(root, 'out', '.report-manifest.json'), 'utf8')) as { years: Record<string, unknown> };
    expect(Object.keys(manifest.years)).toEqual(['2024']);
  });
});

describe('check writes nothing', () => {
  it('neither on success nor on failure, and never touches the data files', () => {
    const root = copySample();
    const list = () =>
      readdirSync(root, { recursive: true, encoding: 'utf8' })
        .sort()
        .map((f) => `${f}:${statSync(path.join(root, f)).mtimeMs}:${statSync(path.join(root, f)).size}`);
    const before = list();
    expect(runCli(['check'], root).code).toBe(0);
    expect(runCli(['check', '2024', '--json'], root).code).toBe(0);
    expect(list()).toEqual(before);
    const data = path.join(root, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 四 '));
    const broken = list();
    expect(runCli(['check', '2024'], root).code).toBe(1);
    expect(runCli(['build', '2024'], root).code).toBe(1);
    expect(list()).toEqual(broken);
  });
});

describe('interrupted builds', () => {
  const NAME = '瓦房镇人民政府2024年法治政府建设年度报告';
  /** Starts a build and kills it `afterMs` after it starts writing (a temporary file appears or a document changes). */
  const kill = (root: string, afterMs: number) =>
    new Promise<boolean>((resolve) => {
      const out = path.join(root, 'out', '2024');
      const stamp = () => readdirSync(out).map((f) => `${f}:${statSync(path.join(out, f)).mtimeMs}`).join('|');
      const start = stamp();
      const child = spawn(process.execPath, [BIN, 'build', '2024', '--force', '--quiet'], { cwd: root, stdio: 'ignore' });
      let killed = false;
      const poll = setInterval(() => {
        let now = start;
        try {
          now = stamp();
        } catch {
          // a file vanished between readdir and stat: it is being renamed, so writing has begun
          now = '';
        }
        if (now !== start) {
          clearInterval(poll);
          setTimeout(() => (killed = child.kill('SIGKILL')), afterMs);
        }
      }, 1);
      child.on('exit', () => {
        clearInterval(poll);
        resolve(killed);
      });
    });

  it('a build killed at any moment leaves each document either as it was or whole and new', async () => {
    // The documents before, and (built in a second copy) the documents the changed data gives.
    const root = copySample();
    expect(runCli(['build', '2024', '--quiet'], root).code).toBe(0);
    const out = path.join(root, 'out', '2024');
    const before = snapshot(out);
    const change = (dir: string) => {
      const data = path.join(dir, 'data', '2024.yaml');
      writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 6 '));
    };
    const other = copySample();
    change(other);
    expect(runCli(['build', '2024', '--quiet'], other).code).toBe(0);
    const after = snapshot(path.join(other, 'out', '2024'));
    change(root);
    let interrupted = 0;
    for (const ms of [0, 1, 3, 10]) {
      if (await kill(root, ms)) interrupted++;
      for (const [name, bytes] of Object.entries(snapshot(out))) {
        if (name.endsWith('.tmp')) continue; // a killed process cannot remove its temporary file …
        const whole = Buffer.compare(bytes, before[name]!) === 0 || Buffer.compare(bytes, after[name]!) === 0;
        expect(whole, `${name} after a kill at ${ms} ms`).toBe(true);
      }
    }
    expect(interrupted).toBeGreaterThan(0);
    // … the next build removes what killed builds left behind, and finishes the job.
    expect(runCli(['build', '2024', '--force', '--quiet'], root).code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(snapshot(out)).toEqual(after);
    expect(Object.keys(after).sort()).toEqual([`${NAME}.docx`, `${NAME}.pdf`, `${NAME}.txt`]);
  }, 60_000);

  it('temporary files of a build still running are left alone', () => {
    const root = copySample();
    const out = path.join(root, 'out', '2024');
    mkdirSync(out, { recursive: true });
    // process.pid is this test, alive; a pid far above any real one stands for a killed build.
    const live = `.${NAME}.txt.${process.pid}.abc.tmp`;
    const dead = `.${NAME}.txt.99999999.abc.tmp`;
    writeFileSync(path.join(out, live), 'half');
    writeFileSync(path.join(out, dead), 'half');
    expect(runCli(['build', '2024', '--format', 'txt', '--quiet'], root).code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([live]);
  });
});

describe('diagnostics for tools and bugs', () => {
  it('--json prints one object per problem', () => {
    const root = copySample();
    const data = path.join(root, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 四 ').replace('盖章: false', '盖章: 对'));
    const r = runCli(['check', '2024', '--json'], root);
    expect(r.code).toBe(1);
    const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(diagnostics).toEqual([
      { file: 'data/2024.yaml', line: 15, column: 5, path: '盖章', severity: 'error', message: '盖章 应为 是 或 否（也可以写 true 或 false），实际为 "对"', hint: null, code: 'data.invalid' },
      { file: 'data/2024.yaml', line: 31, column: 7, path: '行政执法培训.期数', severity: 'error', message: '行政执法培训.期数 应为非负整数，实际为 "四"', hint: '用阿拉伯数字写：写成 4', code: 'data.invalid' },
    ]);
  });

  it('a bug exits 3 with a plain message, and shows the stack only with --debug', async () => {
    const root = copySample();
    const failing = (debug: boolean) => {
      let err = '';
      const code = run(['check', '2024', ...(debug ? ['--debug'] : [])], {
        cwd: root,
        env: {},
        // Printing the result fails: not the user's doing, so it is an internal error.
        stdout: () => {
          throw new Error('stdout is closed');
        },
        stderr: (s) => (err += `${s}\n`),
      });
      return code.then((c) => ({ code: c, err }));
    };
    const plain = await failing(false);
    expect(plain.code).toBe(3);
    expect(plain.err).toContain('内部错误: stdout is closed');
    expect(plain.err).toContain('提示: 这是 report 程序本身的问题');
    expect(plain.err).not.toMatch(/^\s+at /m);
    const debug = await failing(true);
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(/^\s+at /m);
  });
});

