/**
 * The example GitHub Actions workflow (examples/ci/report.yml): its triggers and steps, and its
 * `run:` scripts executed as GitHub would (bash -eo pipefail), with `npx report` pointing at this
 * build, in a temporary project: current committed documents pass, stale ones fail step 2 naming
 * them, broken data fails step 1 with an annotation on the line.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, copySample, REPO, runCli } from '../helpers/cli.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { push: { paths: string[] }; pull_request: { paths: string[] } };
  jobs: { documents: { steps: Step[]; defaults?: { run?: { shell?: string } } } };
}

const workflow = parse(readFileSync(path.join(REPO, 'examples/ci/report.yml'), 'utf8')) as Workflow;
const steps = workflow.jobs.documents.steps;
const step = (needle: string) => {
  const s = steps.find((x) => x.run?.includes(needle));
  if (!s) throw new Error(`no step runs ${needle}`);
  return s;
};
const hasJq = spawnSync('jq', ['--version']).status === 0;

/** A folder with an `npx` that runs this build of report (and nothing else). */
function npxShim(): string {
  const bin = mkdtempSync(path.join(tmpdir(), 'report-npx-'));
  writeFileSync(
    path.join(bin, 'npx'),
    `#!/bin/sh\n[ "$1" = report ] || { echo "unexpected: npx $*" >&2; exit 127; }\nshift\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
  );
  chmodSync(path.join(bin, 'npx'), 0o755);
  return bin;
}

/** Runs a step's script as GitHub's `shell: bash` does. */
function runStep(s: Step, dir: string, bin: string) {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], {
    cwd: dir,
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env['PATH']}`, NO_COLOR: '1', CI: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** GitHub's hashFiles('out/**\/*.docx', …) != '': documents are committed. */
const documentsCommitted = (dir: string) =>
  existsSync(path.join(dir, 'out')) &&
  readdirSync(path.join(dir, 'out'), { recursive: true }).some((f) => /\.(docx|pdf|txt)$/.test(String(f)));

describe('the example CI workflow', () => {
  it('runs on changes to data, templates and config, and checks, checks staleness, builds and uploads in that order', () => {
    for (const t of [workflow.on.push, workflow.on.pull_request]) expect(t.paths).toEqual(expect.arrayContaining(['data/**', 'templates/**', 'report.yaml', 'model.yaml']));
    expect(workflow.jobs.documents.defaults?.run?.shell).toBe('bash');
    const order = [step('report check'), step('report build --check --all'), step('report build --all'), steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!];
    expect(order.map((s) => steps.indexOf(s))).toEqual([...order.map((s) => steps.indexOf(s))].sort((a, b) => a - b));
    expect(step('report build --check --all').if).toContain("hashFiles('out/**/*.docx'");
    expect(steps.findIndex((s) => s.run === 'npm ci')).toBeLessThan(steps.indexOf(order[0]!));
  });

  it('passes with current committed documents, and builds what it uploads', () => {
    const dir = copySample();
    expect(runCli(['build', '--all', '--quiet'], dir).code).toBe(0); // the documents a user committed
    const bin = npxShim();
    const check = runStep(step('report check'), dir, bin);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('检查通过：2023 年、2024 年');
    expect(documentsCommitted(dir)).toBe(true);
    const current = runStep(step('report build --check --all'), dir, bin);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toContain('文档都是最新的（2024 年、2023 年）');
    const built = runStep(step('report build --all'), dir, bin);
    expect(built.code, built.stderr).toBe(0);
    const files = readdirSync(path.join(dir, 'out'), { recursive: true }).map(String).filter((f) => /\.(docx|pdf|txt)$/.test(f));
    expect(files.length).toBe(6);
  });

  it('fails step 2 naming the stale document when data changed without rebuilding', () => {
    const dir = copySample();
    runCli(['build', '--all', '--quiet'], dir);
    const data = path.join(dir, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 6 '));
    const bin = npxShim();
    expect(runStep(step('report check'), dir, bin).code).toBe(0);
    const stale = runStep(step('report build --check --all'), dir, bin);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('错误: 3 个文档与数据不一致（已过期或缺少）：');
    expect(stale.stderr).toContain('  out/2024/瓦房镇人民政府2024年法治政府建设年度报告.pdf');
    expect(stale.stderr).not.toContain('out/2023/');
  });

  it('skips step 2 when no documents are committed, and step 3 builds them', () => {
    const dir = copySample();
    expect(documentsCommitted(dir)).toBe(false);
    const built = runStep(step('report build --all'), dir, npxShim());
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toContain('[6/6] 已生成 out/2023/');
  });

  it('fails step 1 on broken data, in the log and as an annotation on the line', () => {
    const dir = copySample();
    const data = path.join(dir, 'data', '2024.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('期数: 4 ', '期数: 四 '));
    const r = runStep(step('report check'), dir, npxShim());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^data\/2024\.yaml:\d+:\d+: 错误: 行政执法培训\.期数 应为非负整数，实际为 "四"$/m);
    if (hasJq) expect(r.stdout).toMatch(/^::error file=data\/2024\.yaml,line=\d+,col=\d+::行政执法培训\.期数 应为非负整数，实际为 "四"$/m);
  });
});
