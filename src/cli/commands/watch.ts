/**
 * `report watch [YEAR…]`: builds, then rebuilds whenever the data, the templates or the config
 * change (changes within a short moment are taken together), printing what it rebuilt or the
 * problems found; it keeps watching after an error (even a broken report.yaml), and Ctrl-C ends it
 * cleanly (exit 0).
 *
 * Folders are watched rather than files, so that editors that save by writing a new file and
 * renaming it over the old one are seen too; the folders are looked up again after every build, so
 * a report.yaml that moves the data or the template is followed.
 *
 * A watch is tied to the folder it was opened on, not to its name: a folder deleted and recreated,
 * renamed away and replaced, or replaced by a link to another folder would leave it listening to
 * the old one. So each watched folder's identity (device and inode, through links) is checked every
 * {@link CHECK_MS}: a folder that is a different one now is watched afresh and the documents are
 * rebuilt from it; a folder that is gone, or that the system will not let us watch, is named once
 * with the reason, and watched again (and rebuilt from) as soon as it is back. The same check
 * compares the size and time of the files that matter with those the last build saw, so a change
 * the system's watch did not report (a watch renewed on a folder swapped for a link can stay
 * silent) is still rebuilt.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { parseFormats, parseYears } from '../args.js';
import { fsDiagnostic } from '../files.js';
import { countProblems, formatProblems } from '../output.js';
import { entryAt } from '../files.js';
import { availableYears, CONFIG_FILE, findProjectRoot, FORMATS, loadProject, noProject, relative, UserError, type Format, type Project } from '../project.js';
import { projectCompileCache } from '../project-cache.js';
import { runBuild } from './build.js';

/** How long to wait after a change for more changes before rebuilding. */
export const DEBOUNCE_MS = 150;

/** How often the watched folders are checked to still be the folders that were opened. */
export const CHECK_MS = 500;

/** A folder's identity (device and inode, following links), or why it cannot be watched. */
function folderIdentity(dir: string): { id: string } | { problem: unknown } {
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return { problem: Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }) };
    // The birth time tells a folder recreated under a reused inode number (where the system keeps it).
    return { id: `${st.dev}:${st.ino}:${st.birthtimeMs}` };
  } catch (e) {
    return { problem: e };
  }
}

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
    .argument('[年份...]', '要生成的年份；不写时为所有有数据文件的年份')
    .addOption(new Option('-f, --format <formats>', `要生成的格式，用逗号分隔（${FORMATS.join(',')}）`).argParser(parseFormats))
    .option('-o, --out <文件夹>', '输出文件夹')
    .addHelpText('after', '\n示例:\n  report watch 2024\n  report watch --format pdf\n\n退出码: 0 按 Ctrl-C 正常退出；2 用法错误')
    .action(async (yearArgs: string[], opts: { format?: Format[]; out?: string }, cmd: Command) => {
      const wanted = parseYears(yearArgs);
      const dirOption = (cmd.optsWithGlobals() as { project?: string }).project;
      const root = findProjectRoot(path.resolve(ctx.cwd, dirOption ?? '.'));
      if (entryAt(path.join(root, CONFIG_FILE)) === 'missing') throw noProject(root);
      const say = (line: string) => ctx.stdout(line);
      const printProblems = (e: UserError) => {
        const lines = formatProblems(e.diagnostics);
        // The summary (共 N 个错误) is said in watch's own words.
        if (lines.at(-1)?.startsWith('共 ')) lines.pop();
        for (const line of lines) ctx.stderr(line);
        const errors = countProblems(e.diagnostics, 'error');
        say(`有 ${errors} 个错误，文档未更新；改正后会自动重新生成`);
      };

      /** Loads the config afresh (null when it is broken: the problems are printed). */
      const load = (): Project | null => {
        try {
          return loadProject(root, projectCompileCache(ctx.env));
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
          for (const line of formatProblems(result.warnings)) ctx.stderr(line);
          say(`完成：生成 ${result.written.length} 个文档${result.skipped.length > 0 ? `，${result.skipped.length} 个年份未变` : ''}`);
        } catch (e) {
          if (e instanceof UserError) return printProblems(e);
          // A bug in report: say so, and keep watching (the next change may well build).
          const err = e instanceof Error ? e : new Error(String(e));
          ctx.stderr(`内部错误: ${err.message}`);
          say('文档未更新；这是 report 程序本身的问题，请报告给维护者');
        }
      };

      /** Open watches by folder, with the identity of the folder each was opened on. */
      const watchers = new Map<string, { watcher: FSWatcher; id: string }>();
      /** Folders that could not be watched, with the reason already told (told once). */
      const unwatched = new Map<string, string>();
      /** Which entries matter in each watched folder, for the current config. */
      const accepts = new Map<string, (name: string) => boolean>();
      let targets: Target[] = [];
      let timer: NodeJS.Timeout | undefined;
      let pending = new Set<string>();
      let running: Promise<void> = Promise.resolve();
      let stopped = false;
      const shown = (dir: string) => (dir === root ? CONFIG_FILE : `${relative(root, dir)}/`);
      /** Each watched folder's files that matter, name → size and time, as the last build saw them. */
      const seen = new Map<string, Map<string, string>>();
      const filesOf = (t: Target): Map<string, string> | null => {
        let names: string[];
        try {
          names = readdirSync(t.dir);
        } catch {
          return null;
        }
        const out = new Map<string, string>();
        for (const n of names.filter((x) => t.accepts(x))) {
          try {
            const st = statSync(path.join(t.dir, n));
            out.set(n, `${st.size}:${st.mtimeMs}:${st.ino}`);
          } catch {
            out.set(n, 'unreadable');
          }
        }
        return out;
      };
      const snapshot = () => {
        for (const t of targets) seen.set(t.dir, filesOf(t) ?? new Map());
      };

      const rebuild = () => {
        const files = [...pending].sort();
        pending = new Set();
        running = running.then(async () => {
          if (stopped) return;
          say(`发现改动：${files.join('、')}，重新生成…`);
          snapshot();
          await buildOnce();
          rewatch();
        });
      };
      const changed = (file: string) => {
        pending.add(file);
        if (timer) clearTimeout(timer);
        timer = setTimeout(rebuild, DEBOUNCE_MS);
      };
      const close = (dir: string) => {
        watchers.get(dir)?.watcher.close();
        watchers.delete(dir);
      };
      /** Says once why `dir` cannot be watched (again after it has been watched in between). */
      const cannotWatch = (dir: string, problem: unknown) => {
        const { reason } = fsDiagnostic(problem, { file: dir, display: shown(dir), kind: 'folder' });
        const why = (problem as NodeJS.ErrnoException).code === 'ENOENT' ? '文件夹不存在（被删除或改名）' : (problem as NodeJS.ErrnoException).code === 'ENOTDIR' ? '这不是文件夹' : reason;
        if (unwatched.get(dir) === why) return;
        unwatched.set(dir, why);
        ctx.stderr(`无法监视 ${shown(dir)}：${why}；它恢复后会继续监视`);
      };
      /** Opens a watch on `dir` (a target); false when it cannot be watched now (said once). */
      const open = (dir: string): boolean => {
        const who = folderIdentity(dir);
        if ('problem' in who) {
          cannotWatch(dir, who.problem);
          return false;
        }
        try {
          const w = watch(dir, (_event, name) => {
            const entry = name ? name.toString() : '';
            // A watched folder inside this one deleted, renamed or replaced: its watch is renewed now.
            for (const t of targets) if (t.dir !== dir && path.dirname(t.dir) === dir && path.basename(t.dir) === entry) renew(t.dir);
            if (entry && accepts.get(dir)?.(entry)) changed(relative(root, path.join(dir, entry)));
          });
          // The folder removed under the watch, or the system ending it: checked again on the next round.
          w.on('error', () => {
            w.close();
            if (watchers.get(dir)?.watcher === w) watchers.delete(dir);
          });
          watchers.set(dir, { watcher: w, id: who.id });
        } catch (e) {
          cannotWatch(dir, e);
          return false;
        }
        if (unwatched.delete(dir)) say(`重新开始监视 ${shown(dir)}`);
        return true;
      };
      let renewing: NodeJS.Timeout | undefined;
      /**
       * Drops the watch of `dir` (its folder entry changed: the watch may hear the old folder or
       * nothing) and checks the folders shortly, which watches it afresh and rebuilds from it.
       */
      const renew = (dir: string) => {
        if (!watchers.has(dir)) return;
        close(dir);
        if (renewing) clearTimeout(renewing);
        renewing = setTimeout(check, DEBOUNCE_MS);
      };
      /** Watches the folders the current config names (and stops watching those it no longer names). */
      const rewatch = () => {
        if (stopped) return;
        targets = targetsOf(root, project);
        for (const dir of [...watchers.keys()]) if (!targets.some((t) => t.dir === dir)) close(dir);
        for (const dir of [...unwatched.keys()]) if (!targets.some((t) => t.dir === dir)) unwatched.delete(dir);
        accepts.clear();
        for (const t of targets) accepts.set(t.dir, t.accepts);
        for (const t of targets) if (!watchers.has(t.dir)) open(t.dir); // kept: closing and reopening could miss a change
      };
      /**
       * Checks that every watched folder is still the one its watch was opened on; a folder replaced
       * (recreated, renamed over, swapped for a link) or back after being gone is watched afresh and
       * rebuilt from, a folder gone is said so.
       */
      const check = () => {
        if (stopped) return;
        for (const t of targets) {
          const current = watchers.get(t.dir);
          const who = folderIdentity(t.dir);
          if (current && 'id' in who && who.id === current.id) continue;
          if (current) close(t.dir);
          if ('problem' in who) {
            cannotWatch(t.dir, who.problem);
            continue;
          }
          if (open(t.dir)) {
            changed(shown(t.dir)); // the whole folder is new: its files are not listed one by one
            seen.set(t.dir, filesOf(t) ?? new Map());
          }
        }
        // Changes no watch reported: the files that matter compared with what the last build saw.
        for (const t of targets) {
          const before = seen.get(t.dir);
          const now = watchers.has(t.dir) ? filesOf(t) : null;
          if (!now) continue;
          if (!before) {
            seen.set(t.dir, now); // a folder the config names since the last build: this is its start
            continue;
          }
          for (const name of new Set([...before.keys(), ...now.keys()])) {
            if (before.get(name) !== now.get(name)) changed(relative(root, path.join(t.dir, name)));
          }
          seen.set(t.dir, now);
        }
      };
      const checker = setInterval(check, CHECK_MS);

      await buildOnce();
      rewatch();
      snapshot();
      say(`正在监视 ${[...watchers.keys()].map(shown).join('、')}（按 Ctrl-C 退出）`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          stopped = true;
          if (timer) clearTimeout(timer);
          clearInterval(checker);
          if (renewing) clearTimeout(renewing);
          for (const w of watchers.values()) w.watcher.close();
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
