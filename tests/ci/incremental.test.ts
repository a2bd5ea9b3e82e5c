/**
 * The manifest: a document whose inputs are unchanged is skipped; a change to any input (data, the
 * previous year's data, template, config, font files, the program, SOURCE_DATE_EPOCH) rebuilds
 * exactly the documents that depend on it and says why; --force always rebuilds; a deleted document
 * is rebuilt, one edited by hand is never overwritten without --force, and a renamed one is cleaned up. --check writes nothing and fails on stale or missing documents. --all builds
 * every year. All through the real CLI in a temporary copy of the sample project.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySample, REPO, runCli } from '../helpers/cli.js';

const BASE = '瓦房镇人民政府2024年法治政府建设年度报告';
const TXT = `out/2024/${BASE}.txt`;
const build = (dir: string, ...args: string[]) => runCli(['build', '--format', 'txt', ...args], dir);
const skipped = (out: string) => out.includes('2024 年：已是最新，跳过');
const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text, `${file} contains ${from}`).toContain(from);
  writeFileSync(file, text.replace(from, to));
};
/** The formats a run wrote for 2024, from its "已生成" lines. */
const written = (out: string) => [...out.matchAll(/已生成 out\/2024\/[^（]+\.(\w+)（/g)].map((m) => m[1]).sort();

interface Manifest {
  version: number;
  years: Record<string, Record<string, { file: string; bytes: number; sha256: string; inputs: Record<string, string> }>>;
}
const manifestOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'out', '.report-manifest.json'), 'utf8')) as Manifest;

describe('incremental builds', () => {
  it('skips an unchanged year and rebuilds after each kind of input change, naming it', () => {
    const dir = copySample();
    expect(build(dir, '2024').stdout).toContain(`已生成 ${TXT}`);
    const again = build(dir, '2024');
    expect(again.code).toBe(0);
    expect(skipped(again.stdout)).toBe(true);
    expect(again.stdout).not.toContain('已生成');

    const changes: [string, string, () => void][] = [
      ['data', 'data/2024.yaml', () => edit(path.join(dir, 'data/2024.yaml'), '学习心得: 19', '学习心得: 20')],
      ['previous year', 'data/2023.yaml', () => edit(path.join(dir, 'data/2023.yaml'), '学习心得: 15', '学习心得: 16')],
      ['data model', 'model.yaml', () => edit(path.join(dir, 'model.yaml'), '名称: 撰写学习心得', '名称: 撰写的学习心得')],
      ['template', 'templates/annual-report.hbs', () => edit(path.join(dir, 'templates/annual-report.hbs'), '比学赶超', '比学赶帮超')],
      ['config', 'report.yaml', () => writeFileSync(path.join(dir, 'report.yaml'), `${readFileSync(path.join(dir, 'report.yaml'), 'utf8')}\n# 改动\n`)],
    ];
    for (const [what, name, change] of changes) {
      change();
      const r = build(dir, '2024');
      expect(r.code, what).toBe(0);
      expect(r.stdout, what).toContain(`2024 年：${name} 有变化，重新生成\n已生成 ${TXT}`);
      expect(skipped(build(dir, '2024').stdout), what).toBe(true);
    }

    // A previous year's data file that appears (or disappears) is a change too.
    rmSync(path.join(dir, 'data/2023.yaml'));
    expect(build(dir, '2024').stdout).toContain('2024 年：data/2023.yaml 有变化，重新生成');
    expect(skipped(build(dir, '2024').stdout)).toBe(true);

    // Another version of the program (recorded in the manifest) rebuilds everything.
    const m = manifestOf(dir);
    m.years['2024']!['txt']!.inputs['tool'] = '0'.repeat(64);
    writeFileSync(path.join(dir, 'out', '.report-manifest.json'), JSON.stringify(m));
    expect(build(dir, '2024').stdout).toContain('2024 年：程序版本 有变化，重新生成');
    expect(skipped(build(dir, '2024').stdout)).toBe(true);
  });

  it('rebuilds only the documents an input belongs to: the date for DOCX and PDF, the fonts for the PDF', () => {
    const dir = copySample();
    mkdirSync(path.join(dir, 'fonts'));
    const font = path.join(dir, 'fonts', 'body.ttf');
    copyFileSync(path.join(REPO, 'node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'), font);
    writeFileSync(path.join(dir, 'report.yaml'), `${readFileSync(path.join(dir, 'report.yaml'), 'utf8')}\nfonts:\n  body: { file: fonts/body.ttf }\n`);
    const all = (...args: string[]) => runCli(['build', '2024', ...args], dir);
    expect(written(all().stdout)).toEqual(['docx', 'pdf', 'txt']);
    expect(skipped(all().stdout)).toBe(true);
    expect(Object.keys(manifestOf(dir).years['2024']!['pdf']!.inputs)).toContain('font:fonts/body.ttf#');
    expect(Object.keys(manifestOf(dir).years['2024']!['txt']!.inputs).sort()).toEqual([
      'file:data/2023.yaml',
      'file:data/2024.yaml',
      'file:model.yaml',
      'file:report.yaml',
      'file:templates/annual-report.hbs',
      'tool',
    ]);

    // The font file changed (another copy, touched): only the PDF is made again.
    utimesSync(font, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    const fonts = all();
    expect(fonts.code).toBe(0);
    expect(fonts.stdout).toContain('2024 年：DOCX、TXT 已是最新\n2024 年：PDF 字体 fonts/body.ttf 有变化，重新生成');
    expect(written(fonts.stdout)).toEqual(['pdf']);

    // SOURCE_DATE_EPOCH is stamped into DOCX and PDF, not into the text.
    const dated = all();
    expect(skipped(dated.stdout)).toBe(true);
    const epoch = runCli(['build', '2024'], dir, { SOURCE_DATE_EPOCH: '1740000000' });
    expect(epoch.stdout).toContain('2024 年：TXT 已是最新\n2024 年：环境变量 SOURCE_DATE_EPOCH 有变化，重新生成');
    expect(written(epoch.stdout)).toEqual(['docx', 'pdf']);

    // Building one format leaves the others' records alone.
    expect(written(runCli(['build', '2024', '--format', 'txt', '--force'], dir, { SOURCE_DATE_EPOCH: '1740000000' }).stdout)).toEqual(['txt']);
    expect(skipped(runCli(['build', '2024'], dir, { SOURCE_DATE_EPOCH: '1740000000' }).stdout)).toBe(true);
  });

  it('rebuilds with --force, and when a document was deleted on disk', () => {
    const dir = copySample();
    build(dir, '2024');
    const forced = build(dir, '2024', '--force');
    expect(skipped(forced.stdout)).toBe(false);
    expect(forced.stdout).toContain(`已生成 ${TXT}`);
    rmSync(path.join(dir, TXT));
    const r = build(dir, '2024');
    expect(r.stdout).toContain(`2024 年：${TXT} 在上次生成后被删除，重新生成\n已生成 ${TXT}`);
    expect(existsSync(path.join(dir, TXT))).toBe(true);
  });

  it('never overwrites a document edited by hand since it was written, unless --force', () => {
    const dir = copySample();
    build(dir, '2024');
    const docx = `out/2024/${BASE}.docx`;
    expect(runCli(['build', '2024', '--format', 'txt,docx'], dir).code).toBe(0);
    writeFileSync(path.join(dir, docx), 'edited in WPS');
    writeFileSync(path.join(dir, TXT), `${readFileSync(path.join(dir, TXT), 'utf8')}手工补充的一句。\n`);
    // Unchanged inputs, or changed ones: either way the edits are kept and nothing is written.
    for (const change of [() => {}, () => edit(path.join(dir, 'data/2024.yaml'), '学习心得: 19', '学习心得: 20')]) {
      change();
      const r = runCli(['build', '2024', '--format', 'txt,docx'], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('已生成');
      expect(r.stderr).toBe(
        [
          `${docx}: 错误: 这份文档在上次生成后被改动过（例如在 Word 或 WPS 里编辑过），重新生成会覆盖这些改动，所以没有生成 2024 年的文档`,
          '  提示: 要保留改动：先把这个文件另存为别的名字（或移出输出文件夹），再运行 report build；不要这些改动：运行 report build 时加 --force',
          `${TXT}: 错误: 这份文档在上次生成后被改动过（例如在 Word 或 WPS 里编辑过），重新生成会覆盖这些改动，所以没有生成 2024 年的文档`,
          '  提示: 要保留改动：先把这个文件另存为别的名字（或移出输出文件夹），再运行 report build；不要这些改动：运行 report build 时加 --force',
          '共 2 个错误',
          '',
        ].join('\n'),
      );
      expect(readFileSync(path.join(dir, docx), 'utf8')).toBe('edited in WPS');
      expect(readFileSync(path.join(dir, TXT), 'utf8')).toContain('手工补充的一句。');
    }
    // --check says so too, instead of advising a plain rebuild that would then refuse.
    const checked = runCli(['build', '2024', '--format', 'txt,docx', '--check'], dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(
      `  提示: ${docx}、${TXT} 在上次生成后被手工改动过，report build 不会覆盖它：要保留改动，先另存为别的名字；不要这些改动，运行 report build 时加 --force`,
    );
    const forced = runCli(['build', '2024', '--format', 'txt,docx', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, TXT), 'utf8')).not.toContain('手工补充的一句。');
    expect(readFileSync(path.join(dir, docx)).subarray(0, 2).toString()).toBe('PK');
  });

  it('removes the document written under the old name when the title changes, unless it was edited', () => {
    const dir = copySample();
    expect(build(dir, '2024').code).toBe(0);
    edit(path.join(dir, 'templates/annual-report.hbs'), '年法治政府建设年度报告', '年法治政府建设工作报告');
    const renamed = TXT.replace('法治政府建设年度报告', '法治政府建设工作报告');
    const r = build(dir, '2024');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`已生成 ${renamed}`);
    expect(r.stdout).toContain(`已删除 ${TXT}（标题改了，文档已改名）`);
    expect(readdirSync(path.join(dir, 'out', '2024'))).toEqual([path.basename(renamed)]);
    // Back to the first title, with the renamed document edited meanwhile: it is kept, with a warning.
    writeFileSync(path.join(dir, renamed), 'edited');
    edit(path.join(dir, 'templates/annual-report.hbs'), '年法治政府建设工作报告', '年法治政府建设年度报告');
    const back = build(dir, '2024');
    expect(back.code).toBe(0);
    expect(back.stderr).toContain(`${renamed}: 警告: 标题改了，文档改名为 ${TXT}；旧文件在上次生成后被改动过，保留未删`);
    expect(readdirSync(path.join(dir, 'out', '2024')).sort()).toEqual([path.basename(TXT), path.basename(renamed)].sort());
    // And the title changed once more, back to the name of that edited document: still not overwritten.
    edit(path.join(dir, 'templates/annual-report.hbs'), '年法治政府建设年度报告', '年法治政府建设工作报告');
    const again = build(dir, '2024');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${renamed}: 错误: 这份文档在上次生成后被改动过`);
    expect(readFileSync(path.join(dir, renamed), 'utf8')).toBe('edited');
    expect(build(dir, '2024', '--force').code).toBe(0);
    expect(readFileSync(path.join(dir, renamed), 'utf8')).toContain('瓦房镇人民政府');
    expect(manifestOf(dir)).not.toHaveProperty('kept');
  });

  it('treats a damaged manifest as none (everything is rebuilt) and rewrites it', () => {
    const dir = copySample();
    build(dir, '2024');
    writeFileSync(path.join(dir, 'out', '.report-manifest.json'), '{"version": 1, "years": {"2024": "broken"');
    const r = build(dir, '2024');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`已生成 ${TXT}`);
    expect(manifestOf(dir).version).toBe(3);
    expect(skipped(build(dir, '2024').stdout)).toBe(true);
  });

  it('--check passes on current documents and fails, writing nothing, on stale ones', () => {
    const dir = copySample();
    build(dir, '--all');
    const ok = build(dir, '--check', '2024');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`一致 ${TXT}`);
    expect(ok.stdout).toContain('文档都是最新的（2024 年）');
    edit(path.join(dir, 'data/2024.yaml'), '会议: 5 ', '会议: 6 ');
    const before = statSync(path.join(dir, TXT)).mtimeMs;
    const manifest = readFileSync(path.join(dir, 'out', '.report-manifest.json'), 'utf8');
    const stale = build(dir, '--check', '--all');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(`已过期 ${TXT}`);
    expect(stale.stderr).toContain(`错误: 1 个文档与数据不一致（已过期或缺少）：\n  ${TXT}\n  提示: 运行 report build 重新生成，并提交生成的文档`);
    expect(statSync(path.join(dir, TXT)).mtimeMs).toBe(before);
    expect(readFileSync(path.join(dir, 'out', '.report-manifest.json'), 'utf8')).toBe(manifest);
    const json = JSON.parse(runCli(['build', '--format', 'txt', '--check', '2024', '--json'], dir).stdout) as { ok: boolean; mode: string; files: { file: string }[] };
    expect([json.ok, json.mode, json.files.map((f) => f.file)]).toEqual([false, 'check', [TXT]]);
    // Rebuilt, the check passes again.
    build(dir, '2024');
    expect(build(dir, '--check', '--all').code).toBe(0);
  });

  it('--check fails on missing documents and creates no output folder', () => {
    const dir = copySample();
    const r = build(dir, '--check', '2024');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`缺少 ${TXT}`);
    expect(r.stderr).toContain(`  ${TXT}`);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('--check on every format: only stale PDFs get the hint about fonts', () => {
    const dir = copySample();
    expect(runCli(['build', '2024', '--quiet'], dir).code).toBe(0);
    expect(runCli(['build', '--check', '2024'], dir).code).toBe(0);
    const pdf = path.join(dir, 'out', '2024', `${BASE}.pdf`);
    writeFileSync(pdf, Buffer.concat([readFileSync(pdf), Buffer.from('\n')]));
    const r = runCli(['build', '--check', '2024'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`一致 out/2024/${BASE}.docx`);
    expect(r.stderr).toContain(`  out/2024/${BASE}.pdf`);
    expect(r.stderr).toContain('多半是这台电脑与生成文档的电脑用的字体不同');
  });

  it('--all builds every year that has a data file, and --json summarises', () => {
    const dir = copySample();
    const r = runCli(['build', '--all', '--format', 'txt', '--json'], dir);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      ok: boolean;
      mode: string;
      files: { year: number; format: string; file: string; bytes: number; sha256: string }[];
      skipped: number[];
      unchanged: unknown[];
      warnings: unknown[];
    };
    expect([summary.ok, summary.mode, summary.skipped, summary.unchanged, summary.warnings]).toEqual([true, 'build', [], [], []]);
    expect(summary.files.map((f) => [f.year, f.format])).toEqual([
      [2024, 'txt'],
      [2023, 'txt'],
    ]);
    for (const f of summary.files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.bytes).toBe(statSync(path.join(dir, f.file)).size);
    }
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['.report-manifest.json', '2023', '2024']);
    const again = JSON.parse(runCli(['build', '--all', '--format', 'txt', '--json'], dir).stdout) as { files: unknown[]; skipped: number[]; unchanged: { year: number; format: string; file: string }[] };
    expect(again.files).toEqual([]);
    expect(again.skipped).toEqual([2024, 2023]);
    expect(again.unchanged.map((u) => u.file)).toEqual([TXT, 'out/2023/瓦房镇人民政府2023年法治政府建设年度报告.txt']);
  });

  it('several years by name, with done/total progress', () => {
    const dir = copySample();
    const r = runCli(['build', '2023', '2024', '--format', 'txt,docx'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('['))).toEqual([
      `[1/4] 已生成 out/2024/${BASE}.docx（${r.stdout.match(/docx（([^）]+)）/)![1]}）`,
      expect.stringMatching(/^\[2\/4\] 已生成 out\/2024\/.+\.txt（/),
      expect.stringMatching(/^\[3\/4\] 已生成 out\/2023\/.+\.docx（/),
      expect.stringMatching(/^\[4\/4\] 已生成 out\/2023\/.+\.txt（/),
    ]);
    expect(runCli(['build', '2024', '2023', '--format', 'txt,docx'], dir).stdout).toContain('[4/4] 2023 年：已是最新，跳过');
  });

  it('asks for years: no year and no --all is a usage error', () => {
    const r = runCli(['build'], copySample());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误: 请写出要生成的年份，或用 --all 生成所有年份');
  });
});
