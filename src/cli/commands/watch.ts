/**
 * `report watch [YEAR…]`: builds, then rebuilds whenever the data, the templates or the config
 * change (changes within a short moment are taken together), printing what it rebuilt or the
 * problems found; it keeps watching after an error, and Ctrl-C ends it cleanly (exit 0).
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { parseFormats, parseYears } from '../args.js';
import { formatDiagnostic } from '../output.js';
import { availableYears, CONFIG_FILE, FORMATS, loadProject, UserError, type Format } from '../project.js';
import { runBuild } from './build.js';

/** How long to wait after a change for more changes before rebuilding. */
const DEBOUNCE_MS = 150;

/** The `watch` command. */
export function watchCommand(ctx: CliContext): Command {
  return new Command('watch')
    .summary('数据、模板或配置一改就重新生成文档')
    .description('先生成一次，然后监视 data/、模板文件夹和 report.yaml，有改动就重新生成并打印结果或问题；出错后继续监视。按 Ctrl-C 退出。')
    .argument('[years...]', '要生成的年份；不写时为所有年份')
    .addOption(new Option('-f, --format <formats>', `要生成的格式，用逗号分隔（${FORMATS.join(',')}）`).argParser(parseFormats))
    .option('-o, --out <dir>', '输出文件夹')
    .addHelpText('after', '\n退出码: 0 按 Ctrl-C 正常退出；2 用法错误')
    .action(async (yearArgs: string[], opts: { format?: Format[]; out?: string }) => {
      const first = ctx.project();
      const root = first.root;
      const wanted = parseYears(yearArgs);
      const say = (line: string) => ctx.stdout(line);

      const buildOnce = async () => {
        try {
          const project = loadProject(root);
          const years = wanted.length > 0 ? wanted : availableYears(project);
          const outDir = path.resolve(root, opts.out ?? project.config.out);
          const result = await runBuild(
            ctx,
            project,
            { years, formats: opts.format ?? project.config.formats, outDir, force: false, check: false },
            say,
          );
          for (const w of result.warnings) ctx.stderr(formatDiagnostic(w));
          say(`完成：生成 ${result.written.length} 个文档${result.skipped.length > 0 ? `，${result.skipped.length} 个年份未变` : ''}`);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          for (const d of e.diagnostics) ctx.stderr(formatDiagnostic(d));
          say(`有 ${e.diagnostics.filter((d) => d.severity === 'error').length} 个错误，文档未更新；改正后会自动重新生成`);
        }
      };

      await buildOnce();
      const project = loadProject(root);
      const targets = [
        path.join(root, project.config.data),
        path.dirname(path.resolve(root, project.config.template)),
        path.join(root, CONFIG_FILE),
      ];
      let timer: NodeJS.Timeout | undefined;
      let running: Promise<void> = Promise.resolve();
      const changed = (file: string) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          running = running.then(async () => {
            say(`发现改动：${file}，重新生成…`);
            await buildOnce();
          });
        }, DEBOUNCE_MS);
      };
      const watchers: FSWatcher[] = [];
      for (const t of targets) {
        try {
          watchers.push(
            watch(t, (_event, name) => {
              const file = name ? path.relative(root, path.join(t, name.toString())) : path.relative(root, t);
              if (/(^|[\\/])\.|~$|\.tmp$/.test(file)) return; // editor swap files, our own temp files
              changed(file || path.basename(t));
            }),
          );
        } catch {
          // A folder that does not exist (yet) is not watched.
        }
      }
      say(`正在监视 ${targets.map((t) => path.relative(root, t) || '.').join('、')}（按 Ctrl-C 退出）`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          if (timer) clearTimeout(timer);
          for (const w of watchers) w.close();
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
