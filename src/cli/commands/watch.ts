/**
 * `report watch [YEAR…]`: builds, then rebuilds whenever the data, the templates or the config
 * change (changes within a short moment are taken together), printing what it rebuilt or the
 * problems found; it keeps watching after an error (even a broken report.yaml), and Ctrl-C ends it
 * cleanly (exit 0).
 *
 * Folders are watched rather than files, so that editors that save by writing a new file and
 * renaming it over the old one are seen too; the folders are looked up again after every build, so
 * a report.yaml that moves the data or the template is followed.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { parseFormats, parseYears } from '../args.js';
import { formatDiagnostic } from '../output.js';
import { entryAt } from '../files.js';
import { availableYears, CONFIG_FILE, findProjectRoot, FORMATS, loadProject, noProject, relative, UserError, type Format, type Project } from '../project.js';
import { runBuild } from './build.js';

/** How long to wait after a change for more changes before rebuilding. */
export const DEBOUNCE_MS = 150;

/** A watched folder and which of its entries matter. */
interface Target {
  readonly dir: string;
  accepts(name: string): boolean;
}

/** What to watch for a project: the config, the data model, the data folder, the template's folder, the 附件 templates. */
function targetsOf(root: string, project: Project | null): Target[] {
  const ignored = (name: string) => /(^|[\\/])\.|~$|\.(tmp|swp|swx)$|^#.*#$/.test(name); // editors' and our own temp files
  const template = project ? path.resolve(root, project.config.template) : null;
  const data = project ? path.resolve(root, project.config.data) : path.join(root, 'data');
  const byDir = new Map<string, ((name: string) => boolean)[]>();
  const add = (dir: string, test: (name: string) => boolean) => byDir.set(dir, [...(byDir.get(dir) ?? []), test]);
  const model = path.resolve(root, project?.config.model ?? 'model.yaml');
  add(root, (n) => n === CONFIG_FILE);
  add(path.dirname(model), (n) => n === path.basename(model));
  add(data, (n) => /\.ya?ml$/i.test(n));
  if (template) add(path.dirname(template), (n) => path.extname(n) === path.extname(template)); // the template and its siblings
  // The 附件 templates of a 公文 (report.yaml 公文.附件[].模板).
  for (const a of project?.config.公文?.附件 ?? []) {
    if (!a.模板) continue;
    const file = path.resolve(root, a.模板);
    add(path.dirname(file), (n) => n === path.basename(file));
  }
  return [...byDir].map(([dir, tests]) => ({ dir, accepts: (n) => !ignored(n) && tests.some((t) => t(n)) }));
}

/** The `watch` command. */
export function watchCommand(ctx: CliContext): Command {
  return new Command('watch')
    .summary('数据、模板或配置一改就重新生成文档')
    .description(
      '先生成一次，然后监视 data/、模板和 report.yaml，有改动就重新生成并打印结果或问题；出错后继续监视。按 Ctrl-C 退出。\n' +
        '输入没变的年份和格式跳过（同 report build）。',
    )
    .argument('[years...]', '要生成的年份；不写时为所有有数据文件的年份')
    .addOption(new Option('-f, --format <formats>', `要生成的格式，用逗号分隔（${FORMATS.join(',')}）`).argParser(parseFormats))
    .option('-o, --out <dir>', '输出文件夹')
    .addHelpText('after', '\n示例:\n  report watch 2024\n  report watch --format pdf\n\n退出码: 0 按 Ctrl-C 正常退出；2 用法错误')
    .action(async (yearArgs: string[], opts: { format?: Format[]; out?: string }, cmd: Command) => {
      const wanted = parseYears(yearArgs);
      const dirOption = (cmd.optsWithGlobals() as { project?: string }).project;
      const root = findProjectRoot(path.resolve(ctx.cwd, dirOption ?? '.'));
      if (entryAt(path.join(root, CONFIG_FILE)) === 'missing') throw noProject(root);
      const say = (line: string) => ctx.stdout(line);
      const printProblems = (e: UserError) => {
        for (const d of e.diagnostics) ctx.stderr(formatDiagnostic(d));
        const errors = e.diagnostics.filter((d) => d.severity === 'error').length;
        say(`有 ${errors} 个错误，文档未更新；改正后会自动重新生成`);
      };

      /** Loads the config afresh (null when it is broken: the problems are printed). */
      const load = (): Project | null => {
        try {
          return loadProject(root);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          printProblems(e);
          return null;
        }
      };

      let project: Project | null = null;
      const buildOnce = async () => {
        try {
          project = load();
          if (!project) return;
          const years = wanted.length > 0 ? wanted : availableYears(project);
          if (years.length === 0) {
            say(`${project.config.data}/ 下还没有年度数据文件；新建后会自动生成`);
            return;
          }
          const outDir = path.resolve(root, opts.out ?? project.config.out);
          const formats = opts.format ?? project.config.formats;
          const result = await runBuild(ctx, project, { years, formats, outDir, force: false, check: false }, say);
          for (const w of result.warnings) ctx.stderr(formatDiagnostic(w));
          say(`完成：生成 ${result.written.length} 个文档${result.skipped.length > 0 ? `，${result.skipped.length} 个年份未变` : ''}`);
        } catch (e) {
          if (e instanceof UserError) return printProblems(e);
          // A bug in report: say so, and keep watching (the next change may well build).
          const err = e instanceof Error ? e : new Error(String(e));
          ctx.stderr(`内部错误: ${err.message}`);
          say('文档未更新；这是 report 程序本身的问题，请报告给维护者');
        }
      };

      const watchers = new Map<string, FSWatcher>();
      /** Which entries matter in each watched folder, for the current config. */
      const accepts = new Map<string, (name: string) => boolean>();
      let timer: NodeJS.Timeout | undefined;
      let pending = new Set<string>();
      let running: Promise<void> = Promise.resolve();
      let stopped = false;

      const rebuild = () => {
        const files = [...pending].sort();
        pending = new Set();
        running = running.then(async () => {
          if (stopped) return;
          say(`发现改动：${files.join('、')}，重新生成…`);
          await buildOnce();
          rewatch();
        });
      };
      const changed = (file: string) => {
        pending.add(file);
        if (timer) clearTimeout(timer);
        timer = setTimeout(rebuild, DEBOUNCE_MS);
      };
      /** Watches the folders the current config names (and stops watching those it no longer names). */
      const rewatch = () => {
        if (stopped) return;
        const targets = targetsOf(root, project);
        for (const [dir, w] of watchers) {
          if (!targets.some((t) => t.dir === dir)) {
            w.close();
            watchers.delete(dir);
          }
        }
        accepts.clear();
        for (const t of targets) accepts.set(t.dir, t.accepts);
        for (const t of targets) {
          if (watchers.has(t.dir)) continue; // kept: closing and reopening could miss a change
          try {
            const w = watch(t.dir, (_event, name) => {
              const entry = name ? name.toString() : '';
              if (entry && accepts.get(t.dir)?.(entry)) changed(relative(root, path.join(t.dir, entry)));
            });
            w.on('error', () => {
              w.close();
              watchers.delete(t.dir);
            });
            watchers.set(t.dir, w);
          } catch {
            watchers.delete(t.dir); // a folder that does not exist (yet) is not watched
          }
        }
      };

      await buildOnce();
      rewatch();
      const shown = [...watchers.keys()].map((d) => (d === root ? CONFIG_FILE : `${relative(root, d)}/`));
      say(`正在监视 ${shown.join('、')}（按 Ctrl-C 退出）`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          stopped = true;
          if (timer) clearTimeout(timer);
          for (const w of watchers.values()) w.close();
          // A build under way finishes (its documents are written whole), then the command ends.
          void running.then(() => {
            say('已停止监视');
            resolve();
          });
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
