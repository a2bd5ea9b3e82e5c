/**
 * The markup that templates produce and the one reader that turns it into the document model.
 * It is deliberately tiny and line-oriented, and this file is the only code that knows it:
 *
 *     = 标题                         the document title (one line)
 *     # 一级标题                     headings, levels 1–4; numbers (一、（一）1.（1）) are generated
 *     ## 二级标题
 *     正文……                         paragraphs: consecutive lines are joined, a blank line ends one
 *     ::: 表格 表题                   a table, up to a line ":::" (syntax: markup-table.ts)
 *     | 格 | 格 |
 *     :::
 *     \#  \=  \\                     a backslash makes the next character literal
 *
 * Data values are escaped with {@link escapeMarkup} before they reach the template, so a value can
 * never start a heading or a title, whatever it contains.
 */
import { fail, ok, type Diagnostic, type Result } from '../diagnostics.js';
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
  | { readonly type: 'heading'; readonly level: HeadingLevel; readonly text: string; readonly line: number }
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
  const problems: Diagnostic[] = [];
  let para: { text: string; line: number } | null = null;
  const flush = () => {
    if (para && para.text.trim() !== '') blocks.push({ type: 'paragraph', text: unescape(para.text.trim()), line: para.line });
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
        problems.push(...read.problems);
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
    const heading = /^(#{1,6})(\s*)(.*)$/.exec(text);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      const words = unescape(heading[3]!.trim());
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
      } else {
        blocks.push({ type: 'heading', level: level as HeadingLevel, text: words, line: lineNo });
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
  return problems.length > 0 ? fail(problems) : ok(blocks);
}
