/**
 * `report init`: each kind writes a complete project that builds at once, never overwrites a file,
 * and a folder without report.yaml is a usage error that points at `report init`.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli as runCliSync } from '../helpers/cli.js';

/** Runs the CLI after letting the worker's event loop turn (a busy machine: see tests/errors/property.test.ts). */
const runCli = async (...args: Parameters<typeof runCliSync>) => {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return runCliSync(...args);
};

const tmp = () => mkdtempSync(path.join(tmpdir(), 'report-init-'));

function files(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

describe('report init', () => {
  it('lists the kinds, which are folders shipped with the package', async () => {
    const r = await runCli(['init', '--list'], tmp());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^法治政府建设年度报告（默认）\n {2}按《法治政府建设与责任落实督察工作规定》/);
    expect(r.stdout).toContain('\n通用\n  一般的年度工作报告');
    const json = JSON.parse((await runCli(['init', '--list', '--json'], tmp())).stdout) as { kinds: { name: string }[] };
    expect(json.kinds.map((k) => k.name)).toEqual(['法治政府建设年度报告', '通用', '政府信息公开工作年度报告']);
  });

  it.each([
    ['法治政府建设年度报告', 'templates/annual-report.hbs', '某某镇人民政府2024年法治政府建设年度报告'],
    ['通用', 'templates/report.hbs', '某某单位2024年工作报告'],
    ['政府信息公开工作年度报告', 'templates/report.hbs', '某某镇人民政府2024年政府信息公开工作年度报告'],
  ])('writes a %s project that builds at once, its example data marked as such', async (kind, template, title) => {
    const dir = tmp();
    const r = await runCli(['init', '新项目', '--kind', kind, '--year', '2024'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`已新建 ${kind} 项目（2024 年）：`);
    expect(r.stdout).toContain('  2. 检查：cd 新项目 && npx report check 2024');
    // The 法治 kind's wording is a township's: init says so, and what to rewrite.
    expect(r.stdout.includes('\n注意：模板的措辞照瓦房镇（一个乡镇）的报告写')).toBe(kind === '法治政府建设年度报告');
    const root = path.join(dir, '新项目');
    expect(files(root)).toEqual(['.github/workflows/report.yml', '.gitattributes', 'data/2024.yaml', 'model.yaml', 'report.yaml', template].sort());
    const data = readFileSync(path.join(root, 'data', '2024.yaml'), 'utf8');
    expect(data.split('\n')[0]).toMatch(/^# report init 生成的示例数据：下面的数字和文字都是示例/);
    expect(data).toContain('年度: 2024');
    expect(data).toContain('成文日期: 2025-01-');
    expect(readFileSync(path.join(root, '.gitattributes'), 'utf8')).toContain('data/*.yaml diff=report');
    expect(readFileSync(path.join(root, '.github/workflows/report.yml'), 'utf8')).toBe(readFileSync(path.join(REPO, 'examples/ci/report.yml'), 'utf8'));

    const build = await runCli(['build', '2024'], root);
    expect(build.code).toBe(0);
    expect(build.stderr).toContain('data/2024.yaml:1:1: 警告: 这还是 report init 写的示例数据，不是实际情况');
    for (const ext of ['docx', 'pdf', 'txt']) expect(existsSync(path.join(root, 'out', '2024', `${title}.${ext}`)), ext).toBe(true);
    const text = readFileSync(path.join(root, 'out', '2024', `${title}.txt`), 'utf8');
    expect(text.split('\n')[0]).toBe(title);

    // Replaced by real data, the warning goes.
    writeFileSync(path.join(root, 'data', '2024.yaml'), data.split('\n').slice(1).join('\n'));
    const check = await runCli(['check', '2024'], root);
    expect(check.code).toBe(0);
    expect(check.stderr).toBe('');
  });

  it('writes into the current folder by default, for last calendar year', async () => {
    const dir = tmp();
    const r = await runCli(['init', '--kind', '通用'], dir);
    expect(r.code).toBe(0);
    const year = new Date().getFullYear() - 1;
    expect(existsSync(path.join(dir, 'data', `${year}.yaml`))).toBe(true);
    expect((await runCli(['check'], dir)).code).toBe(0);
  });

  it('never overwrites a file: it names each one and writes nothing', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'templates'));
    writeFileSync(path.join(dir, 'report.yaml'), '# 我的配置\n');
    writeFileSync(path.join(dir, 'templates', 'report.hbs'), '我的模板\n');
    const r = await runCli(['init', '--kind', '通用', '--year', '2024'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'report.yaml: 错误: report.yaml 已存在，report init 不会覆盖它\n' +
        '  提示: 换一个空文件夹（report init 新文件夹名），或先把这个文件移走\n' +
        'templates/report.hbs: 错误: templates/report.hbs 已存在，report init 不会覆盖它\n' +
        '  提示: 换一个空文件夹（report init 新文件夹名），或先把这个文件移走\n' +
        '共 2 个错误\n',
    );
    expect(files(dir)).toEqual(['report.yaml', 'templates/report.hbs']);
    expect(readFileSync(path.join(dir, 'report.yaml'), 'utf8')).toBe('# 我的配置\n');
  });

  it('refuses an unknown kind or year as usage errors', async () => {
    const unknown = await runCli(['init', '--kind', '政府信息公开'], tmp());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('错误: 没有报告种类 政府信息公开\n  提示: 可用的种类：法治政府建设年度报告、通用、政府信息公开工作年度报告（report init --list 查看说明）');
    const year = await runCli(['init', '--year', '24'], tmp());
    expect(year.code).toBe(2);
    expect(year.stderr).toContain('年度应为四位数字');
  });
});

describe('a folder that is not a project', () => {
  it.each([['build', '2024'], ['check'], ['diff', '2023', '2024'], ['watch']])('report %s says so and suggests report init (exit 2)', async (...args) => {
    const r = await runCli(args, tmp());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^错误: 这里没有 report 项目：.* 和它的上层文件夹里都没有 report\.yaml\n {2}提示: 新建一个项目：report init/);
    expect(r.stderr).not.toMatch(/\bat \S+ \(/); // no stack trace
  });
});
