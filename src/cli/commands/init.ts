/**
 * `report init [DIR] [--kind KIND] [--year Y] [--list]`: writes a complete project that
 * `report build` compiles at once (report.yaml, model.yaml, the template, a data file of example
 * values marked as examples, .gitattributes with the textconv lines, the CI workflow), copied from
 * a kind folder shipped with the package (`kinds/<种类>/`, plus what every kind shares in
 * `kinds/共用/`). Kinds are folders, never code: a new kind is a new folder. It never overwrites a
 * file: if any file it would write exists, it names them all and writes nothing (exit 1).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { parseYaml } from '../../data/parse-yaml.js';
import type { CliContext } from '../context.js';
import { entryAt } from '../files.js';
import { writeNew } from '../output.js';
import { CONFIG_FILE, relative, UserError } from '../project.js';
import { packagePath } from '../version.js';

/** The folder every kind shares (copied with each). */
const SHARED = '共用';
/** A kind folder's description (not copied). */
const KIND_FILE = 'kind.yaml';
/** The kind written when none is asked for. */
export const DEFAULT_KIND = '法治政府建设年度报告';

/** A kind of report that `report init` can write. */
export interface Kind {
  readonly name: string;
  readonly description: string;
  /** kind.yaml's `改写提示`: what of the template's wording a new office should rewrite (printed by init). */
  readonly rewrite: string;
  readonly dir: string;
}

/** The kinds shipped with the package, by name. */
export function listKinds(): Kind[] {
  const root = packagePath('kinds');
  return readdirSync(root)
    .filter((name) => name !== SHARED && entryAt(path.join(root, name, KIND_FILE)) === 'file')
    .sort((a, b) => (a === DEFAULT_KIND ? -1 : b === DEFAULT_KIND ? 1 : a.localeCompare(b, 'zh')))
    .map((name) => {
      const dir = path.join(root, name);
      const parsed = parseYaml(readFileSync(path.join(dir, KIND_FILE), 'utf8'), KIND_FILE);
      const value = parsed.ok ? (parsed.parsed.value as Record<string, unknown> | null) : null;
      const text = (key: string) => (typeof value?.[key] === 'string' ? (value[key] as string) : '');
      return { name, description: text('说明'), rewrite: text('改写提示'), dir };
    });
}

/** The files of a folder, relative to it, in a stable order. */
function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(p).isDirectory() ? filesOf(p, rel) : [rel];
    });
}

/**
 * Where a shipped file goes in the project: `_gitattributes` → `.gitattributes`, `_github/…` →
 * `.github/…` (files whose name starts with a dot are not shipped reliably in an npm package),
 * `data/__年度__.yaml` → `data/2024.yaml`.
 */
function targetName(rel: string, year: number): string {
  return rel
    .split('/')
    .map((part) => part.replace(/^_(?!_)/, '.'))
    .join('/')
    .replace(/__年度__/g, String(year));
}

/** Fills the year into a shipped file's text. */
function fill(text: string, year: number): string {
  return text.replace(/__年度__/g, String(year)).replace(/__次年__/g, String(year + 1));
}

/** The template a kind's report.yaml names. */
function templateOf(kind: Kind): string {
  const parsed = parseYaml(readFileSync(path.join(kind.dir, CONFIG_FILE), 'utf8'), CONFIG_FILE);
  const t = parsed.ok ? (parsed.parsed.value as Record<string, unknown> | null)?.['template'] : undefined;
  return typeof t === 'string' ? t : 'templates/';
}

/** The `init` command. */
export function initCommand(ctx: CliContext): Command {
  return new Command('init')
    .summary('新建一个项目：配置、数据模型、模板、示例数据、CI 工作流')
    .description(
      '在文件夹 DIR（默认为当前文件夹）里写一个完整的项目，写完即可 report build：\n' +
        'report.yaml、model.yaml（数据模型）、模板、该年度的示例数据（标明是示例）、.gitattributes、CI 工作流。\n' +
        '不会覆盖已有的文件：有同名文件时列出它们，什么也不写。',
    )
    .argument('[文件夹]', '项目文件夹（不存在时新建）')
    .option('-k, --kind <种类>', `报告种类（report init --list 列出；默认 ${DEFAULT_KIND}）`)
    .option('-y, --year <年份>', '报告的年度（默认为上一个日历年）')
    .option('--list', '列出可用的报告种类')
    .addHelpText('after', '\n示例:\n  report init\n  report init 我的报告 --kind 通用 --year 2025\n  report init --list\n\n退出码: 0 成功；1 有同名文件；2 用法错误')
    .action((dirArg: string | undefined, opts: { kind?: string; year?: string; list?: boolean }) => {
      const kinds = listKinds();
      if (opts.list) {
        if (ctx.json) ctx.stdout(JSON.stringify({ kinds: kinds.map((k) => ({ name: k.name, description: k.description })) }, null, 2));
        else for (const k of kinds) ctx.stdout(`${k.name}${k.name === DEFAULT_KIND ? '（默认）' : ''}\n  ${k.description}`);
        return;
      }
      const kindName = opts.kind ?? DEFAULT_KIND;
      const kind = kinds.find((k) => k.name === kindName);
      if (!kind) {
        throw new UserError(
          [{ severity: 'error', message: `没有报告种类 ${kindName}`, hint: `可用的种类：${kinds.map((k) => k.name).join('、')}（report init --list 查看说明）`, code: 'usage.kind' }],
          2,
        );
      }
      // The clock is read here, in the CLI: the year being reported is by default the last one.
      const year = opts.year === undefined ? new Date().getFullYear() - 1 : Number(opts.year);
      if (!/^\d{4}$/.test(String(opts.year ?? year)) || year < 1949 || year > 2999) {
        throw new UserError([{ severity: 'error', message: `年度应为四位数字，如 2024，实际为 "${opts.year}"`, code: 'usage.year' }], 2);
      }
      const dir = path.resolve(ctx.cwd, dirArg ?? '.');
      if (entryAt(dir) !== 'missing' && entryAt(dir) !== 'folder') {
        throw new UserError([{ severity: 'error', file: dirArg ?? '.', message: `${dirArg ?? '.'} 已存在，但不是文件夹`, code: 'init.not-a-folder' }]);
      }
      const shared = packagePath('kinds', SHARED);
      const files = [
        ...filesOf(kind.dir).filter((f) => f !== KIND_FILE).map((f) => ({ from: path.join(kind.dir, f), to: targetName(f, year) })),
        ...filesOf(shared).map((f) => ({ from: path.join(shared, f), to: targetName(f, year) })),
      ];
      const shown = (f: string) => relative(ctx.cwd, path.join(dir, f));
      const existing = files.filter((f) => entryAt(path.join(dir, f.to)) !== 'missing');
      if (existing.length > 0) {
        throw new UserError(
          existing.map((f) => ({
            severity: 'error' as const,
            file: shown(f.to),
            message: `${shown(f.to)} 已存在，report init 不会覆盖它`,
            hint: '换一个空文件夹（report init 新文件夹名），或先把这个文件移走',
            code: 'init.exists',
          })),
        );
      }
      for (const f of files) writeNew(path.join(dir, f.to), fill(readFileSync(f.from, 'utf8'), year), shown(f.to));
      if (ctx.json) {
        ctx.stdout(JSON.stringify({ ok: true, kind: kind.name, year, dir: relative(ctx.cwd, dir) || '.', files: files.map((f) => shown(f.to)) }, null, 2));
        return;
      }
      const cd = dirArg ? `cd ${dirArg} && ` : '';
      ctx.stdout(`已新建 ${kind.name} 项目（${year} 年）：`);
      for (const f of files) ctx.stdout(`  ${shown(f.to)}`);
      ctx.stdout(
        [
          '',
          '下一步：',
          `  1. 把 ${shown(`data/${year}.yaml`)} 里的示例数据换成本单位的实际情况（字段见 ${shown('model.yaml')}），删去开头的“示例数据”一行；`,
          `  2. 检查：${cd}npx report check ${year}`,
          `  3. 生成：${cd}npx report build ${year}（文档写在 out/${year}/ 下）`,
          `报告的提纲和措辞在 ${shown(templateOf(kind))}，字段、单位和规则在 ${shown('model.yaml')}（写法见 report 的 docs/declaration.md）。`,
          ...(kind.rewrite ? [`注意：${kind.rewrite}`] : []),
        ].join('\n'),
      );
    });
}
