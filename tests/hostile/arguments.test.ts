/**
 * Arguments are data, never options of the programs report runs: every subprocess call (git for
 * `report diff`, pdftotext behind `report text`) is tried with arguments starting with `-`, and the
 * shape check of `REV:PATH` is a property test.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { revisionSpec } from '../../src/cli/commands/diff.js';
import { copySample, runCli } from '../helpers/cli.js';

const hasGit = spawnSync('git', ['--version']).status === 0;
const git = (dir: string, ...args: string[]) => {
  const r = spawnSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

/** Options git would act on if they reached it, each pointing at a file it would write or a command it would run. */
function hostile(out: string): string[] {
  return [
    `--output=${out}/a:b`,
    `--output=${out}/x`,
    '-o:data/2024.yaml',
    `--ext-diff:${out}`,
    '--upload-pack=touch pwned:x',
    '-c:core.pager=touch pwned',
    `--exec-path=${out}:x`,
    '--:data/2024.yaml',
    '-:data/2024.yaml',
    `-C${out}:data/2024.yaml`,
    'HEAD:--output=x',
    '--end-of-options:data/2024.yaml',
    `--git-dir=${out}:x`,
    'C:\\Windows:x',
    'HEAD\n--output=x:y',
  ];
}

describe('report diff: arguments never reach git as options', () => {
  // One repository for the cases (a test per argument keeps each short).
  const dir = copySample();
  const out = mkdtempSync(path.join(tmpdir(), 'report-inject-'));
  if (hasGit) {
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'first');
  }
  for (const arg of hostile(out)) {
    it.skipIf(!hasGit)(`refuses ${JSON.stringify(arg)} on either side, and git writes nothing`, () => {
      for (const args of [['diff', '--', arg, '2024'], ['diff', '2024', '--', arg], ['diff', '--format', 'json', '--', arg, arg]]) {
        const r = runCli(args, dir);
        expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/不是有效的 git 版本:路径|既不是年份，也不是存在的文件或 git 版本:路径|git 读不到/);
        expect(r.stderr).not.toMatch(/内部错误|^\s+at /m);
      }
      expect(readdirSync(out)).toEqual([]);
      expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
      expect(existsSync(path.join(dir, 'x'))).toBe(false);
      expect(git(dir, 'status', '--porcelain')).toBe('');
    });
  }

  it.skipIf(!hasGit)('reads a revision whose path starts with -, as a path', () => {
    const dir = copySample();
    copyFileSync(path.join(dir, 'data', '2024.yaml'), path.join(dir, '-2024.yaml'));
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'first');
    const r = runCli(['diff', 'HEAD:-2024.yaml', '2024', '--exit-code'], dir);
    expect([r.code, r.stderr]).toEqual([0, '']);
    // A file named like an option is a file.
    const f = runCli(['diff', '--exit-code', '--', '-2024.yaml', '2024'], dir);
    expect([f.code, f.stderr]).toEqual([0, '']);
  });

  it.skipIf(!hasGit)('refuses a folder in git and a blob over the size limit, naming them', () => {
    const dir = copySample();
    writeFileSync(path.join(dir, 'big.yaml'), `年度: 2024\n# ${'x'.repeat(1024 * 1024)}\n`);
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'first');
    const tree = runCli(['diff', 'HEAD:data', '2024'], dir);
    expect([tree.code, tree.stderr.split('\n')[0]]).toEqual([1, 'HEAD:data: 错误: 无法读取 git 中的文件 HEAD:data：这是文件夹，不是文件']);
    const big = runCli(['diff', 'HEAD:big.yaml', '2024'], dir);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('HEAD:big.yaml: 错误: git 中的文件 HEAD:big.yaml 太大（1.0 MB），超过 1.0 MB 的上限');
  });

  it('accepts only revisions that cannot be options (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (rev, file) => {
        const spec = revisionSpec(`-${rev}:${file}`);
        expect(spec).toBeNull();
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (arg) => {
        const spec = revisionSpec(arg);
        if (spec) {
          expect(spec.rev.startsWith('-')).toBe(false);
          expect(spec.rev).toMatch(/^[A-Za-z0-9_./@{}~^+-]+$/);
          expect(`${spec.rev}:${spec.path}`).toBe(arg);
        }
      }),
      { numRuns: 5000 },
    );
    for (const ok of ['HEAD~1:data/2024.yaml', 'HEAD:./data/2024.yaml', 'v1.0:data/2024.yaml', 'main@{1}:a', 'origin/main:data/x.yaml', 'abc123:-x']) {
      expect(revisionSpec(ok), ok).not.toBeNull();
    }
    for (const bad of ['--output=/tmp/x:y', '-x:y', 'C:\\x', 'C:/x', 'a b:c', 'HEAD..x:y', 'HEAD:a\nb', ':x', 'x:']) {
      expect(revisionSpec(bad), bad).toBeNull();
    }
  });
});

describe('report text: a file named like an option is a file', () => {
  it('reads -x.docx, --help.pdf and -.yaml as files (pdfjs and the pdftotext fallback take an absolute path)', () => {
    const dir = copySample();
    expect(runCli(['build', '2024', '--format', 'docx,pdf'], dir).code).toBe(0);
    const out = path.join(dir, 'out', '2024');
    const [docx] = readdirSync(out).filter((f) => f.endsWith('.docx'));
    const [pdf] = readdirSync(out).filter((f) => f.endsWith('.pdf'));
    copyFileSync(path.join(out, docx!), path.join(dir, '-x.docx'));
    copyFileSync(path.join(out, pdf!), path.join(dir, '--help.pdf'));
    copyFileSync(path.join(dir, 'data', '2024.yaml'), path.join(dir, '-.yaml'));
    for (const name of ['-x.docx', '--help.pdf', '-.yaml']) {
      const r = runCli(['text', '--', name], dir);
      expect([r.code, r.stderr], name).toEqual([0, '']);
      expect(r.stdout).toContain('瓦房镇');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('pdftotext, the fallback, is never handed an argument starting with -', () => {
    const source = readFileSync(new URL('../../src/cli/commands/text.ts', import.meta.url), 'utf8');
    const calls = [...source.matchAll(/spawnSync\('pdftotext', \[([^\]]*)\]/g)].map((m) => m[1]!);
    expect(calls).toEqual(["'-enc', 'UTF-8', abs, '-'"]);
    // `abs` is path.resolve(…): absolute, so it starts with / (or a drive letter), never with -.
    expect(source).toMatch(/const abs = path\.resolve\(ctx\.cwd, fileArg\);/);
  });
});
