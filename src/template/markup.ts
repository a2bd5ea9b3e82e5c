/**
 * The markup that templates produce and the one reader that turns it into the document model.
 * It is deliberately tiny and line-oriented, and this file is the only code that knows it:
 *
 *     = 标题                         the document title (one line)
 *     # 一级标题                     headings, levels 1–4; numbers (一、（一）1.（1）) are generated
 *     ## 二级标题
 *     ###> 接排标题。                a run-in heading (levels 3–4): the lines right after it (up to a
 *     正文……                         blank line) run on after it in one paragraph: 1.接排标题。正文……
 *     正文……                         paragraphs: consecutive lines are joined, a blank line ends one
 *     ::: 表格 表题                   a table, up to a line ":::" (syntax: markup-table.ts)
 *     | 格 | 格 |
 *     :::
 *     \#  \=  \\                     a backslash makes the next character literal
 *
 * Data values are escaped with {@link escapeMarkup} before they reach the template, so a value can
 * never start a heading or a title, whatever it contains.
 */
import { fail, ok, ProblemList, type Diagnostic, type Result } from '../diagnostics.js';
import type { Table } from '../document/table.js';
import type { HeadingLevel } from '../document/types.js';
import { readTable, TABLE_CLOSE, TABLE_OPEN } from './markup-table.js';

/**
 * Escapes text so the reader takes every character of it literally: the heading and title marks,
 * the backslash, and the table syntax (`|` between cells, `<` `^` for merges, `*` for notes, `-`
 * and `:` of the separator row and the fences).
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[\\#=|<^*:-]/g, (c) => `\\${c}`);
}

/** Removes the escapes of {@link escapeMarkup}. */
function unescape(text: string): string {
  return text.replace(/\\(.)/gu, '$1');
}

/** A block before heading numbers are generated. */
export type RawBlock =
  | { readonly type: 'title'; readonly text: string; readonly line: number }
  | { readonly type: 'heading'; readonly level: HeadingLevel; readonly text: string; readonly line: number; readonly runIn?: string }
  | { readonly type: 'paragraph'; readonly text: string; readonly line: number }
  | (Table & { readonly line: number });

/** Joins two lines of one paragraph: no space between Chinese text, one between Latin words. */
function joinLines(a: string, b: string): string {
  if (a === '') return b;
  return /[A-Za-z0-9,.;:!?)]$/.test(a) && /^[A-Za-z0-9(]/.test(b) ? `${a} ${b}` : a + b;
}

/**
 * Reads markup into blocks. `file` names the template for messages; a diagnostic's `line` is the
 * markup's line (the caller maps it back to the template).
 */
export function readMarkup(markup: string, file: string): Result<RawBlock[]> {
  const blocks: RawBlock[] = [];
  // Errors capped (the first 20 listed, the rest counted). Warnings are all kept: the caller drops
  // those about the data's own paragraphs before capping them.
  const problems = new ProblemList();
  const warnings: Diagnostic[] = [];
  let para: { text: string; line: number } | null = null;
  /** The run-in heading waiting for its text (the lines after it, up to a blank line). */
  let runIn: { block: RawBlock & { type: 'heading' }; line: number } | null = null;
  const flush = () => {
    const text = para ? unescape(para.text.trim()) : '';
    if (runIn) {
      if (text === '') {
        problems.push({
          severity: 'error',
          file,
          line: runIn.line,
          message: `接排标题“${runIn.block.text}”后面没有正文`,
          hint: '接排标题（###> 或 ####>）的下一行起写接在它后面的正文，到空行为止；单独成行的标题用 ### 或 ####',
          code: 'markup.empty-run-in',
        });
      } else blocks.push({ ...runIn.block, runIn: text });
      runIn = null;
    } else if (para && text !== '') {
      const typed = handTypedNumber(text);
      if (typed) warnings.push(numberWarning(file, para.line, typed, `段落“${clip(text)}”`, 'paragraph'));
      blocks.push({ type: 'paragraph', text, line: para.line });
    }
    para = null;
  };
  const lines = markup.split(/\r?\n/);
  let table: { line: number; caption: string; rows: { line: number; text: string }[] } | null = null;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const text = raw.trim();
    if (table) {
      if (TABLE_CLOSE.test(text)) {
        const read = readTable(file, table, table.rows);
        problems.pushAll(read.problems);
        if (read.table) blocks.push({ ...read.table, line: table.line });
        table = null;
      } else if (text !== '') {
        table.rows.push({ line: lineNo, text });
      }
      return;
    }
    if (text === '') return flush();
    const open = TABLE_OPEN.exec(text);
    if (open) {
      flush();
      table = { line: lineNo, caption: open[1] ?? '', rows: [] };
      return;
    }
    if (text.startsWith(':::')) {
      flush();
      problems.push({
        severity: 'error',
        file,
        line: lineNo,
        message: `“:::”开头的一行只能是表格的开始（::: 表格）或结束（:::），这一行是“${text}”`,
        hint: '表格写成“::: 表格 表题”……“:::”；文字里要用冒号本身时写 \\:',
        code: 'markup.fence',
      });
      return;
    }
    const heading = /^(#{1,6})(>?)(\s*)(.*)$/.exec(text);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const words = unescape(heading[4]!.trim());
      const runsIn = heading[2] === '>';
      if (level > 4) {
        problems.push({
          severity: 'error',
          file,
          line: lineNo,
          message: `标题“${words}”是 ${level} 级标题，公文最多四级（一、（一）1.（1））`,
          hint: '更细的层次请写成段落里的“一是……二是……”',
          code: 'markup.heading-too-deep',
        });
      } else if (words === '') {
        problems.push({ severity: 'error', file, line: lineNo, message: '标题是空的（“#”后面没有文字）', code: 'markup.empty-heading' });
      } else if (runsIn && level < 3) {
        problems.push({
          severity: 'error',
          file,
          line: lineNo,
          message: `标题“${words}”是 ${level} 级的接排标题；接排标题只用于第三、四级（###>、####>）`,
          hint: '一、（一）两级标题单独成行，写成 # 或 ##',
          code: 'markup.run-in-level',
        });
      } else {
        const typed = handTypedNumber(words);
        if (typed) warnings.push(numberWarning(file, lineNo, typed, `标题“${clip(words)}”`, 'heading'));
        const block = { type: 'heading' as const, level: level as HeadingLevel, text: words, line: lineNo };
        if (runsIn) {
          runIn = { block, line: lineNo };
          para = null;
        } else blocks.push(block);
      }
      return;
    }
    if (text.startsWith('=') && !text.startsWith('\\=')) {
      flush();
      const words = unescape(text.slice(1).trim());
      if (words === '') problems.push({ severity: 'error', file, line: lineNo, message: '文档标题是空的（“=”后面没有文字）', code: 'markup.empty-title' });
      else blocks.push({ type: 'title', text: words, line: lineNo });
      return;
    }
    para = para ? { text: joinLines(para.text, text), line: para.line } : { text, line: lineNo };
  });
  flush();
  if (table) {
    const t: { line: number } = table;
    problems.push({
      severity: 'error',
      file,
      line: t.line,
      message: '表格没有结束：缺少单独一行的“:::”',
      hint: '在表格最后一行下面写一行 :::',
      code: 'markup.table-unclosed',
    });
  }
  const titles = blocks.filter((b) => b.type === 'title');
  if (titles.length === 0) {
    problems.push({
      severity: 'error',
      file,
      message: '模板没有生成标题（以“= ”开头的一行）',
      hint: "在模板开头写一行“= {{署名}}{{年度}}年……报告”",
      code: 'markup.no-title',
    });
  } else if (titles.length > 1 || blocks[0]?.type !== 'title') {
    problems.push({ severity: 'error', file, message: '标题只能有一个，并且必须在最前面', code: 'markup.title-position' });
  }
  return problems.length > 0 ? fail(problems.list()) : ok(blocks, warnings);
}

/**
 * A heading number typed by hand at the start of a text (`1.`, `（一）`, `一、`, `(2)`), or null:
 * numbers are generated, so one typed in would be printed twice (（一）1.优化组织架构). A decimal
 * (1.5亿元) or a year (2024年) is not a number of this kind.
 */
export function handTypedNumber(text: string): string | null {
  const m = /^(?:\d{1,2}[.．、](?!\d)|[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]|[一二三四五六七八九十]{1,3}、)/u.exec(text);
  return m ? m[0] : null;
}

function clip(text: string): string {
  const chars = [...text];
  return chars.length > 16 ? `${chars.slice(0, 16).join('')}……` : text;
}

function numberWarning(file: string, line: number, typed: string, what: string, kind: 'heading' | 'paragraph'): Diagnostic {
  return {
    severity: 'warning',
    file,
    line,
    message: `${what}开头的“${typed}”像是手写的序号`,
    hint:
      kind === 'heading'
        ? `序号由程序按标题的层次生成，手写的“${typed}”会与生成的序号重复：删去它`
        : `序号由程序生成：标题写成以 #、##、### 开头的一行（接排的三级标题写 ###>），不要手写“${typed}”`,
    code: kind === 'heading' ? 'markup.hand-number' : 'markup.hand-number-paragraph',
  };
}
