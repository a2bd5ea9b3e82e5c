/**
 * `report check [YEAR]`: validates data, config and template together, up to the document model,
 * and writes nothing.
 */
import { Command } from 'commander';
import type { Diagnostic } from '../../diagnostics.js';
import type { CliContext } from '../context.js';
import { parseYears } from '../args.js';
import { compileYear } from '../pipeline.js';
import { availableYears, UserError } from '../project.js';

/** The `check` command. */
export function checkCommand(ctx: CliContext): Command {
  return new Command('check')
    .summary('检查数据、配置和模板，不生成文件')
    .description('按生成文档的全部规则检查年度数据、report.yaml 和模板，列出发现的所有问题。不写任何文件。\n不写年份时检查所有年份。')
    .argument('[年份...]', '要检查的年份，如 2024')
    .addHelpText('after', '\n退出码: 0 没有问题；1 发现问题；2 用法错误')
    .action((yearArgs: string[]) => {
      const project = ctx.project();
      const years = yearArgs.length > 0 ? parseYears(yearArgs, 'check') : availableYears(project);
      if (years.length === 0) {
        throw new UserError([
          {
            severity: 'error',
            file: `${project.config.data}/`,
            message: '没有找到任何年度数据文件',
            hint: `在 ${project.config.data}/ 下新建 年份.yaml，如 ${project.config.data}/2024.yaml`,
            code: 'data.none',
          },
        ]);
      }
      const problems: Diagnostic[] = [];
      const warnings: Diagnostic[] = [];
      for (const year of years) {
        try {
          warnings.push(...compileYear(project, year).warnings);
        } catch (e) {
          if (!(e instanceof UserError) || e.exitCode !== 1) throw e;
          problems.push(...e.diagnostics);
        }
      }
      if (problems.length > 0) throw new UserError(problems);
      ctx.report(warnings);
      if (!ctx.quiet && !ctx.json) ctx.stdout(`检查通过：${years.map((y) => `${y} 年`).join('、')}`);
    });
}
