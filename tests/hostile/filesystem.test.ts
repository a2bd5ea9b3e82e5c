/**
 * Every kind of input and output crossed with every file-system condition, through the real CLI:
 * each cell must end with its documented exit code and a message naming the file, never an
 * internal error (exit 3), a hang or a stack trace. The conditions: missing, a folder, unreadable
 * (mode 000, run as an unprivileged user), a FIFO, a device (a link to /dev/zero), a dangling link,
 * a link to itself (ELOOP), a link through a file as if it were a folder (ENOTDIR), truncated, a
 * name too long for the file system.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, copySample, runCli, type CliRun } from '../helpers/cli.js';

const require = createRequire(import.meta.url);
const NOTO = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const DOC = '瓦房镇人民政府2024年法治政府建设年度报告';
const LONG = '长'.repeat(90); // 270 bytes: longer than any file system allows a name

type Condition = 'missing' | 'folder' | 'unreadable' | 'fifo' | 'device' | 'dangling' | 'loop' | 'not-a-folder' | 'truncated' | 'too-long';
const CONDITIONS: readonly Condition[] = ['missing', 'folder', 'unreadable', 'fifo', 'device', 'dangling', 'loop', 'not-a-folder', 'truncated', 'too-long'];

/** One kind of input or output: where it is, how to exercise it, and what each condition must give. */
interface Kind {
  readonly name: string;
  /** Path of the file in the project (null: the condition does not apply to this kind). */
  readonly target: string;
  /** Prepares the project (a config line, a first build). */
  setup?(root: string): void;
  /** Makes the name too long (a config or a title pointing at a 270-byte name); null when not applicable. */
  tooLong?(root: string): void;
  readonly args: readonly string[];
  /** Expected exit code and a fragment of the message, per condition. */
  readonly expect: Partial<Record<Condition, readonly [number, string | RegExp]>>;
}

const replaceInFile = (file: string, from: string | RegExp, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));

const KINDS: readonly Kind[] = [
  {
    name: 'data',
    target: 'data/2024.yaml',
    tooLong: (root) => replaceInFile(path.join(root, 'report.yaml'), /^data: data/m, `data: ${LONG}`),
    args: ['check', '2024'],
    expect: {
      missing: [2, 'data/2024.yaml: 错误: 没有 2024 年的数据文件'],
      folder: [1, 'data/2024.yaml: 错误: 无法读取数据文件 data/2024.yaml：这是文件夹，不是文件'],
      unreadable: [1, 'data/2024.yaml: 错误: 无法读取数据文件 data/2024.yaml：没有读取权限'],
      fifo: [1, '无法读取数据文件 data/2024.yaml：这是管道（FIFO），不是普通文件'],
      device: [1, '无法读取数据文件 data/2024.yaml：这是设备（如 /dev/zero），不是普通文件'],
      dangling: [1, '无法读取数据文件 data/2024.yaml：这是一个链接，它指向的文件不存在'],
      loop: [1, 'data/2024.yaml: 错误: 无法读取数据文件 data/2024.yaml：链接绕成了圈（链接指向自己或互相指向）'],
      'not-a-folder': [1, 'data/2024.yaml: 错误: 无法读取数据文件 data/2024.yaml：路径中的某一层是文件，不是文件夹'],
      truncated: [1, /data\/2024\.yaml:\d+:\d+: 错误: /],
      // The data folder's name is too long: said as it is, not as a missing file.
      'too-long': [1, `${LONG}: 错误: 无法读取数据文件夹 ${LONG}：文件名或路径太长，超过了文件系统的上限`],
    },
  },
  {
    name: 'previous year',
    target: 'data/2023.yaml',
    args: ['check', '2024'],
    expect: {
      missing: [0, '检查通过：2024 年'],
      folder: [1, 'data/2023.yaml: 错误: 无法读取上一年的数据文件 data/2023.yaml：这是文件夹，不是文件'],
      unreadable: [1, '无法读取上一年的数据文件 data/2023.yaml：没有读取权限'],
      fifo: [1, '无法读取上一年的数据文件 data/2023.yaml：这是管道（FIFO），不是普通文件'],
      device: [1, '无法读取上一年的数据文件 data/2023.yaml：这是设备（如 /dev/zero），不是普通文件'],
      dangling: [1, '无法读取上一年的数据文件 data/2023.yaml：这是一个链接，它指向的文件不存在'],
      loop: [1, '无法读取上一年的数据文件 data/2023.yaml：链接绕成了圈（链接指向自己或互相指向）'],
      'not-a-folder': [1, '无法读取上一年的数据文件 data/2023.yaml：路径中的某一层是文件，不是文件夹'],
      truncated: [1, /data\/2023\.yaml:\d+:\d+: 错误: /],
    },
  },
  {
    name: 'template',
    target: 'templates/annual-report.hbs',
    tooLong: (root) => replaceInFile(path.join(root, 'report.yaml'), /^template: .*$/m, `template: templates/${LONG}.hbs`),
    args: ['check', '2024'],
    expect: {
      missing: [1, '无法读取模板 templates/annual-report.hbs：文件不存在'],
      folder: [1, '无法读取模板 templates/annual-report.hbs：这是文件夹，不是文件'],
      unreadable: [1, '无法读取模板 templates/annual-report.hbs：没有读取权限'],
      fifo: [1, '无法读取模板 templates/annual-report.hbs：这是管道（FIFO），不是普通文件'],
      device: [1, '无法读取模板 templates/annual-report.hbs：这是设备（如 /dev/zero），不是普通文件'],
      dangling: [1, '无法读取模板 templates/annual-report.hbs：这是一个链接，它指向的文件不存在'],
      loop: [1, '无法读取模板 templates/annual-report.hbs：链接绕成了圈（链接指向自己或互相指向）'],
      'not-a-folder': [1, '无法读取模板 templates/annual-report.hbs：路径中的某一层是文件，不是文件夹'],
      truncated: [1, /templates\/annual-report\.hbs:\d+:\d+: 错误: /],
      'too-long': [1, '：文件名或路径太长，超过了文件系统的上限'],
    },
  },
  {
    name: 'config',
    target: 'report.yaml',
    args: ['check', '2024'],
    expect: {
      // Without report.yaml there is no project: a usage error that suggests report init.
      missing: [2, '错误: 这里没有 report 项目'],
      folder: [1, 'report.yaml: 错误: 无法读取配置文件 report.yaml：这是文件夹，不是文件'],
      unreadable: [1, 'report.yaml: 错误: 无法读取配置文件 report.yaml：没有读取权限'],
      fifo: [1, '无法读取配置文件 report.yaml：这是管道（FIFO），不是普通文件'],
      device: [1, '无法读取配置文件 report.yaml：这是设备（如 /dev/zero），不是普通文件'],
      dangling: [1, '无法读取配置文件 report.yaml：这是一个链接，它指向的文件不存在'],
      loop: [1, 'report.yaml: 错误: 无法读取配置文件 report.yaml：链接绕成了圈（链接指向自己或互相指向）'],
      'not-a-folder': [1, 'report.yaml: 错误: 无法读取配置文件 report.yaml：路径中的某一层是文件，不是文件夹'],
      truncated: [1, /report\.yaml:\d+:\d+: 错误: /],
    },
  },
  {
    name: 'data model',
    target: 'model.yaml',
    tooLong: (root) => replaceInFile(path.join(root, 'report.yaml'), /^model: model\.yaml/m, `model: ${LONG}.yaml`),
    args: ['check', '2024'],
    expect: {
      missing: [1, 'model.yaml: 错误: 找不到数据模型 model.yaml'],
      folder: [1, 'model.yaml: 错误: 无法读取数据模型 model.yaml：这是文件夹，不是文件'],
      unreadable: [1, '无法读取数据模型 model.yaml：没有读取权限'],
      fifo: [1, '无法读取数据模型 model.yaml：这是管道（FIFO），不是普通文件'],
      device: [1, '无法读取数据模型 model.yaml：这是设备（如 /dev/zero），不是普通文件'],
      dangling: [1, '无法读取数据模型 model.yaml：这是一个链接，它指向的文件不存在'],
      loop: [1, 'model.yaml: 错误: 无法读取数据模型 model.yaml：链接绕成了圈（链接指向自己或互相指向）'],
      'not-a-folder': [1, 'model.yaml: 错误: 无法读取数据模型 model.yaml：路径中的某一层是文件，不是文件夹'],
      truncated: [1, /model\.yaml:\d+:\d+: 错误: /],
      'too-long': [1, `${LONG}.yaml: 错误: 无法读取数据模型 ${LONG}.yaml：文件名或路径太长，超过了文件系统的上限`],
    },
  },
  {
    name: 'font',
    target: 'fonts/body.ttf',
    setup: (root) => {
      mkdirSync(path.join(root, 'fonts'));
      cpSync(NOTO, path.join(root, 'fonts', 'body.ttf'));
      writeFileSync(path.join(root, 'report.yaml'), `${readFileSync(path.join(root, 'report.yaml'), 'utf8')}fonts:\n  body: { file: fonts/body.ttf }\n`);
    },
    tooLong: (root) => replaceInFile(path.join(root, 'report.yaml'), 'fonts/body.ttf', `fonts/${LONG}.ttf`),
    args: ['build', '2024', '--format', 'pdf'],
    expect: {
      missing: [1, 'report.yaml:14:17: 错误: 正文字体 fonts/body.ttf 无法使用：文件不存在'],
      folder: [1, '正文字体 fonts/body.ttf 无法使用：这是文件夹，不是文件'],
      unreadable: [1, '正文字体 fonts/body.ttf 无法使用：没有读取权限'],
      fifo: [1, '正文字体 fonts/body.ttf 无法使用：这是管道（FIFO），不是普通文件'],
      device: [1, '正文字体 fonts/body.ttf 无法使用：这是设备（如 /dev/zero），不是普通文件'],
      dangling: [1, '正文字体 fonts/body.ttf 无法使用：这是一个链接，它指向的文件不存在'],
      loop: [1, 'report.yaml:14:17: 错误: 正文字体 fonts/body.ttf 无法使用：链接绕成了圈（链接指向自己或互相指向）'],
      'not-a-folder': [1, 'report.yaml:14:17: 错误: 正文字体 fonts/body.ttf 无法使用：路径中的某一层是文件，不是文件夹'],
      truncated: [1, /正文字体 fonts\/body\.ttf 无法使用：字体文件不完整或已损坏（表 \w+ 超出文件末尾）/],
      'too-long': [1, '无法使用：文件名或路径太长，超过了文件系统的上限'],
    },
  },
  {
    name: 'document',
    target: `out/2024/${DOC}.txt`,
    setup: (root) => expect(runCli(['build', '2024', '--format', 'txt'], root).code).toBe(0),
    tooLong: (root) => replaceInFile(path.join(root, 'templates', 'annual-report.hbs'), /^= .*$/m, `= ${'报'.repeat(78)}`),
    args: ['build', '2024', '--format', 'txt'],
    expect: {
      missing: [0, `已生成 out/2024/${DOC}.txt`],
      folder: [1, `无法写入输出文件 out/2024/${DOC}.txt：这是文件夹，不是文件；原有文件保持不变`],
      // Not readable (as another user): it is rebuilt, and replacing it is allowed by the folder.
      unreadable: [0, `已生成 out/2024/${DOC}.txt`],
      fifo: [0, `已生成 out/2024/${DOC}.txt`],
      device: [0, `已生成 out/2024/${DOC}.txt`],
      loop: [0, `已生成 out/2024/${DOC}.txt`],
      'not-a-folder': [0, `已生成 out/2024/${DOC}.txt`],
      dangling: [0, `已生成 out/2024/${DOC}.txt`],
      // Other bytes than were written: maybe edited by hand, so never overwritten without --force.
      truncated: [1, `out/2024/${DOC}.txt: 错误: 这份文档在上次生成后被改动过（例如在 Word 或 WPS 里编辑过），重新生成会覆盖这些改动`],
      'too-long': [0, `已生成 out/2024/${'报'.repeat(75)}.txt`],
    },
  },
  {
    name: 'document (build --check)',
    target: `out/2024/${DOC}.txt`,
    setup: (root) => expect(runCli(['build', '2024', '--format', 'txt'], root).code).toBe(0),
    args: ['build', '2024', '--format', 'txt', '--check'],
    expect: {
      missing: [1, `缺少 out/2024/${DOC}.txt`],
      folder: [1, `无法比较（这是文件夹，不是文件） out/2024/${DOC}.txt`],
      unreadable: [1, `无法比较（没有读取权限） out/2024/${DOC}.txt`],
      fifo: [1, `无法比较（这是管道（FIFO），不是普通文件） out/2024/${DOC}.txt`],
      device: [1, `无法比较（这是设备（如 /dev/zero），不是普通文件） out/2024/${DOC}.txt`],
      dangling: [1, `无法比较（这是一个链接，它指向的文件不存在） out/2024/${DOC}.txt`],
      loop: [1, `无法比较（链接绕成了圈（链接指向自己或互相指向）） out/2024/${DOC}.txt`],
      'not-a-folder': [1, `无法比较（路径中的某一层是文件，不是文件夹） out/2024/${DOC}.txt`],
      truncated: [1, `已过期 out/2024/${DOC}.txt`],
    },
  },
  {
    name: 'manifest',
    target: 'out/.report-manifest.json',
    setup: (root) => expect(runCli(['build', '2024', '--format', 'txt'], root).code).toBe(0),
    args: ['build', '2024', '--format', 'txt'],
    expect: {
      // Nothing to trust: everything is rebuilt.
      missing: [0, `已生成 out/2024/${DOC}.txt`],
      folder: [1, 'out/.report-manifest.json: 错误: 无法写入输出文件 out/.report-manifest.json：这是文件夹，不是文件'],
      unreadable: [0, `已生成 out/2024/${DOC}.txt`],
      fifo: [0, `已生成 out/2024/${DOC}.txt`],
      device: [0, `已生成 out/2024/${DOC}.txt`],
      dangling: [0, `已生成 out/2024/${DOC}.txt`],
      truncated: [0, `已生成 out/2024/${DOC}.txt`],
      loop: [0, `已生成 out/2024/${DOC}.txt`],
      'not-a-folder': [0, `已生成 out/2024/${DOC}.txt`],
    },
  },
  {
    name: 'output folder',
    target: 'out',
    args: ['build', '2024', '--format', 'txt'],
    tooLong: (root) => replaceInFile(path.join(root, 'report.yaml'), /^out: out/m, `out: ${LONG}`),
    expect: {
      missing: [0, `已生成 out/2024/${DOC}.txt`],
      folder: [0, `已生成 out/2024/${DOC}.txt`],
      unreadable: [1, 'out/2024: 错误: 无法创建输出文件夹 out/2024：没有写入权限'],
      fifo: [1, /out\/2024: 错误: 无法创建输出文件夹 out\/2024：路径中的某一层(是文件，不是文件夹|已被同名的文件占用)/],
      device: [1, /out\/2024: 错误: 无法创建输出文件夹 out\/2024：路径中的某一层(是文件，不是文件夹|已被同名的文件占用)/],
      dangling: [1, /out\/2024: 错误: 无法创建输出文件夹 out\/2024：(路径中的某一层|所在的文件夹不存在)/],
      loop: [1, 'out/2024: 错误: 无法创建输出文件夹 out/2024：链接绕成了圈（链接指向自己或互相指向）'],
      'not-a-folder': [1, 'out/2024: 错误: 无法创建输出文件夹 out/2024：路径中的某一层是文件，不是文件夹'],
      'too-long': [1, '无法创建输出文件夹'],
    },
  },
];

const isRoot = process.getuid?.() === 0;
const setpriv = spawnSync('setpriv', ['--version']).status === 0;
/** Whether the nobody user can read the CLI here (not when the checkout lies in a folder only root may enter). */
const nobodyReachesCli = () =>
  spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('node:fs').accessSync(${JSON.stringify(BIN)}, 4)`]).status === 0;
/** Whether "unreadable" can be tested: not root, or root able to run the CLI as the nobody user. */
const canDropPrivileges = !isRoot || (setpriv && nobodyReachesCli());
if (!canDropPrivileges) {
  console.log(
    setpriv
      ? '跳过“没有读取权限”的用例：以 root 运行，而 nobody 用户读不到这份代码（它在只有 root 能进入的文件夹里），无法换成 nobody 运行'
      : '跳过“没有读取权限”的用例：以 root 运行且没有 setpriv，root 能读任何文件',
  );
}

/** Runs the CLI, as the unprivileged `nobody` when we are root (mode 000 means nothing to root). */
function runUnprivileged(args: readonly string[], cwd: string): CliRun {
  if (!isRoot) return runCli(args, cwd);
  const cache = mkdtempSync(path.join(tmpdir(), 'report-cache-'));
  chmodSync(cache, 0o777);
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', HOME: cache, REPORT_CACHE_DIR: cache },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Puts `condition` in place at `target`. */
function apply(root: string, kind: Kind, condition: Condition): void {
  const file = path.join(root, kind.target);
  const existed = readdirSync(path.dirname(file)).includes(path.basename(file));
  const remove = () => rmSync(file, { recursive: true, force: true });
  switch (condition) {
    case 'missing':
      remove();
      break;
    case 'folder':
      remove();
      mkdirSync(file);
      writeFileSync(path.join(file, 'inside'), 'x');
      break;
    case 'unreadable':
      if (kind.target === 'out') {
        mkdirSync(file, { recursive: true });
        chmodSync(file, 0o555);
      } else {
        chmodSync(file, 0o000);
      }
      break;
    case 'fifo':
      remove();
      expect(spawnSync('mkfifo', [file]).status).toBe(0);
      break;
    case 'device':
      remove();
      symlinkSync('/dev/zero', file);
      break;
    case 'dangling':
      remove();
      symlinkSync(path.join(root, 'nowhere', 'gone'), file);
      break;
    case 'loop':
      // A link to itself: opening it fails with ELOOP.
      remove();
      symlinkSync(path.basename(file), file);
      break;
    case 'not-a-folder':
      // A link through a file as if it were a folder: ENOTDIR.
      remove();
      symlinkSync(path.join(root, kind.target === 'report.yaml' ? 'model.yaml' : 'report.yaml', 'x'), file);
      break;
    case 'truncated': {
      expect(existed).toBe(true);
      const size = readFileSync(file).length;
      truncateSync(file, Math.floor(size / 3));
      break;
    }
    case 'too-long':
      kind.tooLong!(root);
      break;
  }
}

describe('every input and output × every file-system condition', () => {
  for (const kind of KINDS) {
    describe(kind.name, () => {
      for (const condition of CONDITIONS) {
        const want = kind.expect[condition];
        if (!want) continue;
        const skip = condition === 'unreadable' && !canDropPrivileges;
        it.skipIf(skip)(`${condition}: exit ${want[0]}`, () => {
          const root = copySample();
          kind.setup?.(root);
          // The unprivileged user may use the whole project; then the condition takes one file away.
          if (condition === 'unreadable' && isRoot) spawnSync('chmod', ['-R', 'a+rwX', root]);
          apply(root, kind, condition);
          const r = condition === 'unreadable' ? runUnprivileged(kind.args, root) : runCli(kind.args, root);
          const all = `${r.stdout}${r.stderr}`;
          expect(all).not.toMatch(/内部错误|^\s+at |EISDIR|EACCES|ENAMETOOLONG|ENOENT/m);
          if (typeof want[1] === 'string') expect(all).toContain(want[1]);
          else expect(all).toMatch(want[1]);
          expect(r.code).toBe(want[0]);
          if (r.code !== 0) expect(all).toMatch(/提示: |共 \d+ 个错误|错误: /);
          rmSync(root, { recursive: true, force: true });
        });
      }
    });
  }
});

describe('document names', () => {
  it('a 78 × 报 title is cut at a character boundary so the name and its temporary name fit 255 bytes', () => {
    const root = copySample();
    replaceInFile(path.join(root, 'templates', 'annual-report.hbs'), /^= .*$/m, `= ${'报'.repeat(78)}`);
    const r = runCli(['build', '2024'], root);
    expect(r.code).toBe(0);
    const names = readdirSync(path.join(root, 'out', '2024'));
    expect(names.sort()).toEqual(['docx', 'pdf', 'txt'].map((f) => `${'报'.repeat(75)}.${f}`));
    for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(255 - 25);
  });

  it('a title of 4-byte characters is never cut inside a character', () => {
    const root = copySample();
    replaceInFile(path.join(root, 'templates', 'annual-report.hbs'), /^= .*$/m, `= ${'𠀀'.repeat(70)}`);
    const r = runCli(['build', '2024', '--format', 'txt'], root);
    expect(r.code).toBe(0);
    const [name] = readdirSync(path.join(root, 'out', '2024'));
    expect(name).toBe(`${'𠀀'.repeat(56)}.txt`);
  });
});
