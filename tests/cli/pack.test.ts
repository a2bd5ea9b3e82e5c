/**
 * The tool is installed, not cloned: `npm pack` makes a package (the bundle built by `prepack`,
 * `files` in package.json saying what ships) that installs into a folder outside the repository,
 * where `report init` and `report build` work. npm installs the dependencies from its cache (they
 * are there after `npm ci`), falling back to the registry.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

/** Runs npm without blocking the test worker (packing and installing take a while). */
const npm = (args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('the packed package', () => {
  it('ships what it needs, installs outside the repository and builds a new project there', { timeout: 900_000 }, async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'report-pack-'));
    expect(path.relative(REPO, work).startsWith('..')).toBe(true);
    // Packed from a copy of the sources without dist/ (as a fresh clone has none): prepack must build it.
    // The copy also keeps the repository's own dist/, which other tests run, untouched.
    const source = path.join(work, 'source');
    cpSync(REPO, source, { recursive: true, filter: (f) => !/[\\/](node_modules|\.git|dist|out|coverage)$/.test(f) });
    symlinkSync(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    expect(existsSync(path.join(source, 'dist'))).toBe(false);
    const pack = await npm(['pack', '--json', '--pack-destination', work], source);
    expect(pack.code, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    const shipped = info!.files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(['bin/report.js', 'dist/report.cjs', 'dist/pdfkit.cjs', 'dist/docx-worker.cjs', 'package.json', 'kinds/通用/model.yaml', 'kinds/共用/_gitattributes', 'kinds/共用/_github/workflows/report.yml', 'docs/declaration.md']));
    expect(shipped.filter((f) => /^(src|tests|data|templates|bench)\//.test(f))).toEqual([]);
    // bin/ reads the bundles as Latin-1: they must be pure ASCII (scripts/bundle.mjs escapes the rest).
    for (const f of ['report.cjs', 'docx-worker.cjs', 'pdfkit.cjs']) {
      const bytes = readFileSync(path.join(source, 'dist', f));
      expect(bytes.findIndex((b) => b > 0x7f), f).toBe(-1);
    }

    const app = path.join(work, '办公室');
    mkdirSync(app);
    const install = await npm(['install', '--prefer-offline', '--no-save', path.join(work, info!.filename)], app);
    expect(install.code, install.stderr).toBe(0);
    const bin = path.join(app, 'node_modules', '.bin', 'report');
    const report = (args: string[], cwd = app) => spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

    const none = report(['build', '2024']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('提示: 新建一个项目：report init');

    const init = report(['init', '年报', '--year', '2024']);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const project = path.join(app, '年报');
    const build = report(['build', '2024'], project);
    expect(build.status, build.stderr).toBe(0);
    expect(readdirSync(path.join(project, 'out', '2024')).sort()).toEqual(['某某镇人民政府2024年法治政府建设年度报告.docx', '某某镇人民政府2024年法治政府建设年度报告.pdf', '某某镇人民政府2024年法治政府建设年度报告.txt']);
    expect(readFileSync(path.join(project, 'out', '2024', '某某镇人民政府2024年法治政府建设年度报告.txt'), 'utf8')).toContain('某某镇人民政府\n2025年1月20日');

    // A file of the tool itself missing: a plain message, exit 3, no stack trace.
    rmSync(path.join(app, 'node_modules', 'report', 'kinds'), { recursive: true });
    const noKinds = report(['init', '另一个']);
    expect(noKinds.status).toBe(3);
    expect(noKinds.stderr).toContain('错误: report 的安装不完整：找不到程序自带的 kinds');
    rmSync(path.join(app, 'node_modules', 'report', 'dist'), { recursive: true });
    const noBundle = report(['build', '2024'], project);
    expect(noBundle.status).toBe(3);
    expect(noBundle.stderr).toMatch(/^错误: report 的安装不完整：找不到 .*dist\/report\.cjs/);
    for (const r of [noKinds, noBundle]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(app, '另一个'))).toBe(false);
  });
});
