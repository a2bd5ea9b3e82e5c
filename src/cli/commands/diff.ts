/**
 * `report diff BEFORE AFTER`: compares two data files by meaning (figures, fields, list items),
 * for auditors and CI. Each side is a year (data/2023.yaml), a file path, or a git revision of a
 * file (HEAD~1:data/2024.yaml). Both are validated first, with the diagnostics of `report check`.
 */
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Diagnostic } from '../../diagnostics.js';
import type { ReportData } from '../../data/model.js';
import { validateReportText } from '../../data/validate.js';
import { compareData, definitionsOf, hasDifferences } from '../../diff/compare.js';
import { formatJson, formatMarkdown, formatText, type Side } from '../../diff/format.js';
import type { CliContext } from '../context.js';
import { entryAt } from '../files.js';
import { dataFile, formatSize, MAX_INPUT_BYTES, readText, relative, UserError } from '../project.js';

/** The output formats of `report diff`. */
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

/** One side's text, where it came from, and the year it must hold (for a year argument). */
interface Source {
  readonly source: string;
  readonly text: string;
  readonly expectedYear?: number;
}

function usage(message: string, hint?: string): UserError {
  return new UserError([{ severity: 'error', message, ...(hint ? { hint } : {}), code: 'usage.diff-side' }], 2);
}

/**
 * The shape of a `REV:PATH` argument. A revision is a name git could mean (HEAD~1, v1.0, main@{1},
 * origin/main, a hash) and never starts with `-`, so no argument can reach git as an option; the
 * path is any text without control characters. A Windows drive (C:\\…) is a file, not a revision.
 */
export function revisionSpec(arg: string): { rev: string; path: string } | null {
  const m = /^([^:]+):(.+)$/s.exec(arg);
  if (!m || /^[A-Za-z]:[\\/]/.test(arg)) return null;
  const [, rev, file] = m as unknown as [string, string, string];
  if (!/^[A-Za-z0-9_./@{}~^+-]+$/.test(rev) || rev.startsWith('-') || rev.startsWith('/') || /\.\.|@\{-|\/\/|\.lock$/.test(rev)) return null;
  if (/[\u0000-\u001f\u007f]/.test(file)) return null;
  return { rev, path: file };
}

/** Runs git with `args` (which never take user text as an option), input on stdin. */
function runGit(args: readonly string[], cwd: string, input: string | undefined, spec: string, maxBuffer: number) {
  const r = process.getBuiltinModule('node:child_process').spawnSync('git', args, { cwd, maxBuffer, ...(input !== undefined ? { input } : {}) });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ENOBUFS') {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw usage(`读取 ${spec} 需要 git，但${code === 'ENOENT' ? '没有找到 git 命令' : `运行 git 出错（${code}）`}`);
  }
  return r;
}

const REV_HINT = '写成 版本:路径，如 HEAD~1:data/2024.yaml；路径从仓库根算起，./ 开头则从当前文件夹算起';

/**
 * Reads `REV:PATH` through git (run in `cwd`). The argument is handed to git on stdin
 * (`cat-file --batch-check`), never on its command line; git's answer — a blob of a given size —
 * is checked before the blob is read by its hash (after `--end-of-options`), at most
 * {@link MAX_INPUT_BYTES} of it. A tree, a missing path or an oversized blob is refused.
 */
function readRevision(spec: string, cwd: string): Source {
  if (!revisionSpec(spec)) {
    throw usage(`${spec} 不是有效的 git 版本:路径`, `${REV_HINT}；版本不能以 - 开头`);
  }
  const check = runGit(['cat-file', '--batch-check'], cwd, `${spec}\n`, spec, 64 * 1024);
  const answer = check.stdout.toString('utf8').trim();
  const found = /^([0-9a-f]{40,64}) (\w+) (\d+)$/.exec(answer);
  if (check.status !== 0 || !found) {
    const why = check.status !== 0 ? (check.stderr.toString('utf8').trim().split('\n')[0]?.replace(/^fatal: /, '') ?? '') : '版本或路径不存在';
    throw usage(`git 读不到 ${spec}（${why}）`, REV_HINT);
  }
  const [, hash, type, size] = found as unknown as [string, string, string, string];
  if (type !== 'blob') {
    throw new UserError([{ severity: 'error', file: spec, message: `无法读取 git 中的文件 ${spec}：这是${type === 'tree' ? '文件夹' : ` ${type}`}，不是文件`, hint: REV_HINT, code: 'file.not-regular' }]);
  }
  if (Number(size) > MAX_INPUT_BYTES) {
    throw new UserError([{ severity: 'error', file: spec, message: `git 中的文件 ${spec} 太大（${formatSize(Number(size))}），超过 ${formatSize(MAX_INPUT_BYTES)} 的上限`, hint: '年度数据文件通常只有几 KB，请检查是否选错了文件', code: 'input.too-large' }]);
  }
  const r = runGit(['cat-file', '--end-of-options', 'blob', hash], cwd, undefined, spec, MAX_INPUT_BYTES + 1);
  const bytes: Buffer = r.stdout;
  if (r.status !== 0 || bytes.length > MAX_INPUT_BYTES) {
    throw usage(`git 读不到 ${spec}（${r.error ? '文件太大' : (r.stderr.toString('utf8').trim().split('\n')[0] ?? '')}）`, REV_HINT);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new UserError([{ severity: 'error', file: spec, message: '文件不是 UTF-8 编码', code: 'input.encoding' }]);
  }
  return { source: spec, text };
}

/** Resolves one side: a year, an existing file, or a git revision of a file. */
function resolveSide(ctx: CliContext, arg: string): Source {
  if (/^\d{4}$/.test(arg.trim())) {
    const project = ctx.project();
    const year = Number(arg.trim());
    const file = dataFile(project, year);
    return { source: relative(project.root, file), text: readText(file, project.root), expectedYear: year };
  }
  const abs = path.resolve(ctx.cwd, arg);
  // Anything at that path is read as a file (a folder, a FIFO or a device is refused by the reading rule).
  if (entryAt(abs) !== 'missing') return { source: relative(ctx.cwd, abs), text: readText(abs, ctx.cwd) };
  if (/^[^:]+:.+$/s.test(arg) && !/^[A-Za-z]:[\\/]/.test(arg)) return readRevision(arg, ctx.cwd);
  throw usage(`${arg} 既不是年份，也不是存在的文件或 git 版本:路径`, '例如 report diff 2023 2024、report diff 旧.yaml 新.yaml、report diff HEAD~1:data/2024.yaml data/2024.yaml');
}

/** Whether to colour the text output: a terminal, and neither NO_COLOR nor FORCE_COLOR=0. */
function useColor(env: NodeJS.ProcessEnv): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return !!process.stdout.isTTY;
}

/** The `diff` command. */
export function diffCommand(ctx: CliContext): Command {
  return new Command('diff')
    .summary('逐项比较两份年度数据（指标、字段、列表），供审计和 CI 使用')
    .description(
      '按含义而不是按行比较两份数据：每个指标的前后数值、变化和变化率（百分数按百分点），\n' +
        '字段的改动，以及问题、安排等列表里新增、删除和改动的项（按内容对应，不按顺序），改动的字标出来。\n' +
        '两边都可以是年份（2023）、文件路径，或 git 中某一版本的文件（HEAD~1:data/2024.yaml）。\n' +
        '两份数据都先按 report check 的规则检查，有错则列出问题，退出码 1。',
    )
    .argument('<较早的一份>', '要比较的第一份（较早的）：年份、文件或 版本:路径，如 report diff 2023 2024 的 2023')
    .argument('<较新的一份>', '要比较的第二份（较新的）：年份、文件或 版本:路径，如 report diff 2023 2024 的 2024')
    .addOption(new Option('-f, --format <格式>', '输出格式：text（终端表格）、markdown（PR 评论）、json（供工具读取）').choices(DIFF_FORMATS))
    .option('--only-changed', '不列出没有变化的指标')
    .option('--exit-code', '有任何差别时退出码为 1（供 CI 使用）')
    .addHelpText(
      'after',
      '\n示例:\n  report diff 2023 2024\n  report diff 2023 2024 --format markdown --only-changed\n  report diff HEAD~1:data/2024.yaml data/2024.yaml --exit-code\n\n' +
        '退出码: 0 完成（加 --exit-code 时：没有差别）；1 数据有误，或加 --exit-code 时有差别；2 用法错误',
    )
    .action((beforeArg: string, afterArg: string, opts: { format?: DiffFormat; onlyChanged?: boolean; exitCode?: boolean }) => {
      const problems: Diagnostic[] = [];
      const warnings: Diagnostic[] = [];
      const load = (arg: string): { side: Side; data: ReportData } | null => {
        const src = resolveSide(ctx, arg);
        const r = validateReportText(ctx.project().model, src.text, { file: src.source, ...(src.expectedYear !== undefined ? { expectedYear: src.expectedYear } : {}) });
        if (!r.ok) {
          problems.push(...r.diagnostics);
          return null;
        }
        warnings.push(...r.warnings);
        return { side: { source: src.source, year: r.value.年度 }, data: r.value };
      };
      const before = load(beforeArg);
      const after = load(afterArg);
      if (!before || !after) throw new UserError(problems);
      ctx.report(warnings);
      const diff = compareData(before.data, after.data, definitionsOf(ctx.project().model));
      const format: DiffFormat = ctx.json ? 'json' : opts.format ?? 'text';
      const options = { onlyChanged: !!opts.onlyChanged, color: format === 'text' && useColor(ctx.env) };
      const out =
        format === 'json'
          ? formatJson(diff, before.side, after.side, options)
          : format === 'markdown'
            ? formatMarkdown(diff, before.side, after.side, options)
            : formatText(diff, before.side, after.side, options);
      ctx.stdout(out.replace(/\n$/, ''));
      if (opts.exitCode && hasDifferences(diff)) ctx.exitCode = 1;
    });
}
