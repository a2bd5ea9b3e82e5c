/**
 * The `report` command line. This file builds the commander program, and it is the one place that
 * turns outcomes into exit codes:
 *
 * | code | meaning                                                        |
 * |------|----------------------------------------------------------------|
 * | 0    | success                                                        |
 * | 1    | the user's input is wrong (data, config, template, fonts, I/O) |
 * | 2    | usage: unknown command or option, bad year, missing data file  |
 * | 3    | internal error: a bug in report (stack trace with --debug)     |
 */
import { Command, CommanderError, Help } from 'commander';
import { eastAsianWidth } from 'get-east-asian-width';
import type { Diagnostic } from '../diagnostics.js';
import type { CliContext } from './context.js';
import { diagnosticsToJson, formatProblems, problemsToJson } from './output.js';
import { findProjectRoot, loadProject, UserError, type Project } from './project.js';
import { projectCompileCache } from './project-cache.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { fontsCommand } from './commands/fonts.js';
import { watchCommand } from './commands/watch.js';
import { toolVersion } from './version.js';
import type { Worker } from 'node:worker_threads';
import { adoptDocxThread, type EarlyDocxThread } from './docx-pool.js';
import { diffCommand } from './commands/diff.js';
import { textCommand } from './commands/text.js';
import { initCommand } from './commands/init.js';

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, input: 1, usage: 2, internal: 3 } as const;

/** Every command, in the order `report --help` lists them. */
const COMMANDS: readonly ((ctx: CliContext) => Command)[] = [initCommand, buildCommand, checkCommand, watchCommand, fontsCommand, diffCommand, textCommand];

const TITLES: Readonly<Record<string, string>> = {
  'Usage:': '用法:',
  'Options:': '选项:',
  'Commands:': '命令:',
  'Arguments:': '参数:',
  'Global Options:': '全局选项:',
};

class ChineseHelp extends Help {
  override styleTitle(str: string): string {
    return TITLES[str] ?? str;
  }

  override subcommandTerm(cmd: Command): string {
    return super.subcommandTerm(cmd).replace('[options]', '[选项]');
  }

  /** Columns a terminal gives the text: Chinese characters take two (placeholders like <文件夹> line up). */
  override displayWidth(str: string): number {
    let w = 0;
    // eslint-disable-next-line no-control-regex
    for (const ch of str.replace(/\x1b\[[0-9;]*m/g, '')) w += eastAsianWidth(ch.codePointAt(0)!);
    return w;
  }
}

/** An option as the clerk types it: `--format` (its short form and placeholder left out). */
function optionName(flags: string): string {
  return /--[\w-]+/.exec(flags)?.[0] ?? flags.split(/[ ,]/)[0]!;
}

/** Translates commander's own (English) error messages; `cmd` is the command that raised it. */
function translate(message: string, cmd?: Command): string {
  const m = message.trim();
  const option = (flags: string) => cmd?.options.find((o) => o.flags === flags);
  const argument = (name: string) => cmd?.registeredArguments.find((a) => a.name() === name);
  const rules: [RegExp, (...g: string[]) => string][] = [
    [/^error: unknown option '(.+?)'(?:\n\(Did you mean (.+)\?\))?$/s, (o, s) => `未知选项 ${o}${s ? `（是不是想写 ${s}？）` : ''}`],
    [/^error: unknown command '(.+?)'(?:\n\(Did you mean (.+)\?\))?$/s, (c, s) => `未知命令 ${c}${s ? `（是不是想写 ${s}？）` : ''}`],
    [/^error: missing required argument '(.+)'$/, (a) => `缺少${argument(a)?.description ?? `参数 ${a}`}`],
    [/^error: option '(.+)' argument missing$/, (o) => `选项 ${optionName(o)} 后面缺少${option(o)?.description ? `值：${option(o)!.description}` : '值'}`],
    [
      /^error: option '(.+)' argument '(.*)' is invalid\. (.*)$/s,
      (o, v, why) => {
        const choices = /^Allowed choices are (.*)\.$/.exec(why)?.[1];
        return choices ? `选项 ${optionName(o)} 的值 ${v} 不对：可用的值：${choices.split(', ').join('、')}` : `选项 ${optionName(o)} 的值不对：${why}`;
      },
    ],
    [/^error: command-argument value '(.*)' is invalid for argument '(.+)'\. (.*)$/s, (_v, _a, why) => why],
    [/^error: too many arguments.*$/s, () => `参数太多${cmd ? `：report ${cmd.name()} 的参数是 ${cmd.registeredArguments.map((a) => a.name()).join('、') || '（没有参数）'}` : ''}`],
  ];
  for (const [re, fn] of rules) {
    const g = re.exec(m);
    if (g) return fn(...g.slice(1).map((x) => x ?? ''));
  }
  return m.replace(/^error: /, '');
}

/** Builds the program around a context (tests pass their own). */
export function createProgram(ctx: CliContext): Command {
  const program = new Command('report')
    .description(
      '把年度数据（YAML）编译成符合 GB/T 9704-2012《党政机关公文格式》的公文：DOCX、PDF 和 TXT。\n' +
        '在项目文件夹（含 report.yaml）里运行，例如：report build 2024',
    )
    .version(toolVersion(), '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .option('-C, --project <文件夹>', '项目文件夹（默认从当前文件夹向上查找 report.yaml）')
    .option('--json', '以 JSON 输出结果和问题，供 CI 等工具读取')
    .option('--debug', '出现内部错误时打印调用栈')
    .addHelpText('after', '\n退出码: 0 成功；1 输入有误；2 用法错误；3 程序内部错误');
  for (const make of COMMANDS) program.addCommand(make(ctx));
  const configure = (cmd: Command) => {
    cmd
      .exitOverride()
      .createHelp = () => Object.assign(new ChineseHelp(), cmd.configureHelp());
    cmd.helpOption('-h, --help', '显示帮助');
    cmd.usage(cmd.usage().replace('[options]', '[选项]').replace('[command]', '[命令]'));
    cmd.configureOutput({
      writeOut: (s) => ctx.stdout(s.replace(/\n$/, '')),
      writeErr: (s) => ctx.stderr(s.replace(/\n$/, '')),
      outputError: (s, write) => {
        const name = cmd.parent ? `report ${cmd.name()}` : 'report';
        // With --json a usage error is a diagnostic like any other, for tools.
        if (ctx.json) {
          ctx.stdout(JSON.stringify({ diagnostics: diagnosticsToJson([{ severity: 'error', message: translate(s, cmd), hint: `用法: ${name} ${cmd.usage()}`, code: 'usage' }]) }, null, 2));
        }
        write(`错误: ${translate(s, cmd)}\n用法: ${name} ${cmd.usage()}\n运行 ${name} --help 查看说明\n`);
      },
    });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/**
 * Runs the CLI with `argv` (as process.argv) and sets process.exitCode. `early.docxThread` is the
 * DOCX thread the launcher started before loading the CLI (bin/report.js), for the build to use;
 * `early.startDocxThread` starts another one the launcher's way.
 */
export async function main(
  argv: readonly string[],
  early: { docxThread?: EarlyDocxThread; startDocxThread?: () => Worker } = {},
): Promise<void> {
  adoptDocxThread(early.docxThread, early.startDocxThread);
  // Output piped into a program that stops reading (`report diff … | head`): stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const code = await run(argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(`${s}\n`),
    stderr: (s) => process.stderr.write(`${s}\n`),
  });
  process.exitCode = code;
}

/** Runs the CLI on arguments (without node and script) and returns the exit code. */
export async function run(
  args: readonly string[],
  io: { cwd: string; env: NodeJS.ProcessEnv; stdout(s: string): void; stderr(s: string): void },
): Promise<number> {
  let project: Project | undefined;
  let projectDir: string | undefined;
  const ctx: CliContext = {
    cwd: io.cwd,
    env: io.env,
    stdout: io.stdout,
    stderr: io.stderr,
    json: args.includes('--json'),
    quiet: false,
    exitCode: 0,
    project: () => (project ??= loadProject(findProjectRoot(projectDir ?? io.cwd), projectCompileCache(io.env))),
    report: (ds) => printDiagnostics(ctx, ds),
  };
  const program = createProgram(ctx);
  program.hook('preAction', (cmd) => {
    const opts = cmd.optsWithGlobals() as { project?: string; json?: boolean };
    if (opts.project) projectDir = opts.project.startsWith('/') ? opts.project : `${io.cwd}/${opts.project}`;
    ctx.json = !!opts.json;
  });
  try {
    await program.parseAsync(args as string[], { from: 'user' });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof UserError) {
      printDiagnostics(ctx, e.diagnostics);
      return e.exitCode;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    if (ctx.json) {
      io.stdout(JSON.stringify({ ok: false, internalError: err.message }));
    }
    io.stderr(`内部错误: ${err.message}`);
    io.stderr('  提示: 这是 report 程序本身的问题，不是您数据的问题。请把这条信息和所用的数据文件报告给维护者。');
    if (args.includes('--debug')) io.stderr(err.stack ?? '');
    else io.stderr('  加 --debug 可显示调用栈');
    return EXIT.internal;
  }
}

/**
 * Prints diagnostics (text on stderr, or JSON on stdout with --json), the first
 * {@link SHOWN_PROBLEMS} of each severity and how many there are in all (see formatProblems).
 */
function printDiagnostics(ctx: CliContext, ds: readonly Diagnostic[]): void {
  if (ds.length === 0) return;
  if (ctx.json) {
    ctx.stdout(JSON.stringify(problemsToJson(ds), null, 2));
    return;
  }
  for (const line of formatProblems(ds)) ctx.stderr(line);
}
