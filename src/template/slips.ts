/**
 * Slips in a template's `{{ }}` named where they are, in words a clerk knows — instead of the
 * Handlebars parser's report ("Expecting 'CLOSE', got 'INVALID'", at the start of the line, or "got
 * 'EOF'" at the end of the file):
 * - a `{{…}` with one `}` missing (or `{…}}` with one `{` missing): at its start, `缺少一个 }`;
 * - a `{{` never closed: at the `{{`;
 * - a block `{{#each …}}` / `{{#if …}}` never closed, or closed by the wrong `{{/…}}`: naming the
 *   opening block and its line:column;
 * - full-width braces `｛｛…｝｝` (typed with a Chinese input method), which Handlebars leaves as text
 *   and would print into the document: a warning at the first of them.
 * Comments (`{{!-- … --}}`, `{{! … }}`), escaped `\{{` and quoted strings inside `{{ }}` are skipped.
 */

/** One slip: 1-based line and column (UTF-16 units, as editors count), what to say. */
export interface TemplateSlip {
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
  readonly code: string;
}

const HINT_PAIRS = '每个 {{ 要有一个 }}：{{字段}}、{{数量 字段}}、{{#each 列表}}……{{/each}}';

/** Finds the slips in a template's text. */
export function templateSlips(text: string): TemplateSlip[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const pos = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const slips: TemplateSlip[] = [];
  const add = (offset: number, severity: 'error' | 'warning', message: string, code: string, hint?: string) =>
    slips.push({ ...pos(offset), severity, message, code, ...(hint ? { hint } : {}) });
  const blocks: { name: string; offset: number; shown: string }[] = [];

  let i = 0;
  while (i < text.length) {
    // Full-width braces: Handlebars does not see them; the clerk meant {{ }}.
    if ((text[i] === '｛' && (text[i + 1] === '｛' || text[i + 1] === '{')) || (text[i] === '{' && text[i + 1] === '｛')) {
      const end = text.slice(i, i + 80).search(/[｝}][｝}]/);
      const inner = end > 0 ? text.slice(i + 2, i + end).trim() : '…';
      add(i, 'warning', `这里是全角大括号“${text.slice(i, i + 2)}”，不会被当作模板的 {{ }}，会原样印进文档：写成 {{${inner}}}`, 'template.fullwidth-brace', '中文输入法打出的大括号是全角的；模板的 {{ }} 要在英文状态（半角）下输入');
      i = end > 0 ? i + end + 2 : i + 2;
      continue;
    }
    if (text[i] === '\\' && text.startsWith('{{', i + 1)) {
      i += 3;
      continue;
    }
    // `{字段}}`: one { missing (Handlebars prints it as text).
    if (text[i] === '}' && text[i + 1] === '}' && !text.startsWith('}}}', i)) {
      const lineStart = text.lastIndexOf('\n', i) + 1;
      const open = text.lastIndexOf('{', i);
      if (open >= lineStart && text[open - 1] !== '{' && !/[{}]/.test(text.slice(open + 1, i))) {
        add(open, 'error', `${text.slice(open, i + 2)} 缺少一个 {：写成 {{${text.slice(open + 1, i).trim()}}}`, 'template.brace', HINT_PAIRS);
      }
      i += 2;
      continue;
    }
    if (!text.startsWith('{{', i)) {
      i++;
      continue;
    }
    const start = i;
    // Comments run to their own end.
    if (text.startsWith('{{!--', i)) {
      const end = text.indexOf('--}}', i + 5);
      if (end < 0) {
        add(start, 'error', '注释 {{!-- 没有结束：在注释末尾写 --}}', 'template.brace');
        break;
      }
      i = end + 4;
      continue;
    }
    const triple = text.startsWith('{{{', i);
    const close = triple ? '}}}' : '}}';
    let j = i + (triple ? 3 : 2);
    let quote: string | null = null;
    let lone = -1;
    let reopened = -1;
    for (; j < text.length; j++) {
      const c = text[j]!;
      if (quote) {
        if (c === quote) quote = null;
        continue;
      }
      if ((c === '"' || c === "'") && text[start + 2] !== '!') {
        quote = c;
        continue;
      }
      if (text.startsWith(close, j)) break;
      if (c === '}' && lone < 0) lone = j;
      if (text.startsWith('{{', j)) {
        reopened = j;
        break;
      }
      if (c === '\n' && lone >= 0) break;
    }
    const body = text.slice(start + (triple ? 3 : 2), j).trim();
    if (j >= text.length || reopened >= 0 || (lone >= 0 && !text.startsWith(close, j))) {
      if (lone >= 0) {
        const written = text.slice(start, lone + 1);
        add(start, 'error', `${written} 缺少一个 }：写成 ${written}}`, 'template.brace', HINT_PAIRS);
        i = lone + 1;
      } else {
        add(start, 'error', `这个 ${triple ? '{{{' : '{{'} 没有配对的 ${close}：在字段名（或助手的参数）后面补上 ${close}`, 'template.brace', HINT_PAIRS);
        i = reopened >= 0 ? reopened : text.length;
      }
      continue;
    }
    i = j + close.length;
    // Blocks: {{#名字 …}} … {{/名字}}.
    // `#`, `^` and `/` belong right after the braces (and a `~`), as Handlebars reads them.
    const inner = text.slice(start + (triple ? 3 : 2), j).replace(/^~/, '').replace(/~$/, '');
    const opened = /^[#^]\*?\s*([^\s}~]+)/u.exec(inner);
    if (opened && inner.trim() !== '^') {
      const shown = text.slice(start, i).replace(/\s*\n\s*/g, ' ');
      blocks.push({ name: opened[1]!, offset: start, shown: [...shown].length > 40 ? `${[...shown].slice(0, 38).join('')}…}}` : shown });
      continue;
    }
    const closed = /^\/\s*([^\s}~]+)/u.exec(inner);
    if (closed) {
      const top = blocks.pop();
      if (!top) {
        add(start, 'error', `{{/${closed[1]}}} 前面没有对应的 {{#${closed[1]} …}}`, 'template.block', `删去这个 {{/${closed[1]}}}，或在这一块的开头写 {{#${closed[1]} …}}`);
      } else if (top.name !== closed[1]) {
        const at = pos(top.offset);
        add(start, 'error', `第 ${at.line} 行第 ${at.column} 列的 ${top.shown} 还没有结束，这里却是 {{/${closed[1]}}}`, 'template.block', `在这里之前写 {{/${top.name}}}，或把这个 {{/${closed[1]}}} 改成 {{/${top.name}}}`);
        // The wrong close is taken as the close of the open block, so the ones after still pair up.
      }
    }
  }
  for (const b of blocks) {
    const at = pos(b.offset);
    add(b.offset, 'error', `第 ${at.line} 行第 ${at.column} 列的 ${b.shown} 没有结束：在这一块的末尾写 {{/${b.name}}}`, 'template.block', '每个 {{#each …}}、{{#if …}} 都要有对应的 {{/each}}、{{/if}}');
  }
  return slips.sort((a, b) => a.line - b.line || a.column - b.column);
}
