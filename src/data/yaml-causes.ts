/**
 * The line a clerk must fix when a YAML file does not parse. The parser reports where it noticed
 * the trouble, which is often a line after the slip, and one slip brings several reports: an extra
 * space before `人次: 312` is reported at the line above it (as "nested mappings" and "implicit
 * keys"), a group moved out by two spaces at each of the lines after it, an unclosed quote at the
 * end of the file, a tab with two more reports on its own line.
 *
 * {@link rootCauses} reads the lines the way a clerk wrote them (indentation, `字段: 值`, quotes)
 * and names the slip at its own line and column; {@link withoutConsequences} then drops the
 * parser's reports that follow from it (on its line or later in the same top-level block; to the
 * end of the file for an unclosed quote). It runs only when the parser has found a problem, so a
 * valid file is never second-guessed.
 */
import { maskLine } from './input-slips.js';

/** A slip found in the text: where it is (1-based, columns in UTF-16 units) and what to say. */
export interface RootCause {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint?: string;
  readonly code: string;
  /** The lines whose parser reports follow from this slip (inclusive, 1-based). */
  readonly region: readonly [number, number];
}

/** What the scan knows about the data: the field names the model declares (for `名字:值`). */
export interface CauseOptions {
  /** Field names anywhere in the model; a `名字:值` slip is named only for these and near ones. */
  readonly fieldNames?: ReadonlySet<string>;
}

interface Entry {
  /** 0-based line number. */
  readonly n: number;
  readonly indent: number;
  /** The masked line (quotes' insides and comments blanked), without its indentation. */
  readonly content: string;
  /** Whether the line opens a group or a list below it (`字段:` with nothing after it, `-`). */
  readonly opens: boolean;
}

/** `字段: …` or `- …`: a line that starts a field or a list item (not the continuation of a text). */
const looksLikeField = (content: string) => /^-( |$)/.test(content) || /^[^\s#:'"[\]{},][^:]*:( |$)/.test(content);

/** The key of a line (`字段: …` → 字段), for messages. */
const keyOf = (content: string) => /^(?:- +)?([^\s:#][^:]*?)\s*:( |$)/.exec(content)?.[1] ?? null;

/** The declared field name `name` is, or is one letter away from (null when neither). */
function known(name: string, names: ReadonlySet<string>): string | null {
  if (names.has(name)) return name;
  for (const n of names) if (n.length > 1 && Math.abs(n.length - name.length) <= 1 && near(n, name)) return n;
  return null;
}

/** Edit distance at most 1 (one character added, dropped or changed). */
function near(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, t] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === t[i]) i++;
  return s.length === t.length ? s.slice(i + 1) === t.slice(i + 1) : s.slice(i) === t.slice(i + 1);
}

/** The root causes of a YAML text's parse problems, in the order of their lines. */
export function rootCauses(text: string, opts: CauseOptions = {}): RootCause[] {
  const lines = text.split(/\r?\n/);
  const causes: RootCause[] = [];
  /** The last line of the top-level block holding line `n` (0-based in, 1-based out). */
  const blockEnd = (n: number) => {
    for (let k = n + 1; k < lines.length; k++) {
      const l = lines[k]!;
      if (/^[^\s#]/.test(l) && !/^(-|\.\.\.|---)( |$)/.test(l)) return k;
    }
    return lines.length;
  };
  const add = (n: number, column: number, message: string, code: string, hint?: string, toEnd = false, from = n) =>
    causes.push({ line: n + 1, column, message, code, ...(hint ? { hint } : {}), region: [from + 1, toEnd ? lines.length : blockEnd(n)] });
  /** Lines inside a cause's region are not scanned again. */
  const covered = (n: number) => causes.some((c) => n + 1 >= c.region[0] && n + 1 <= c.region[1]);

  const entries: Entry[] = [];
  let blockParent = -1;
  let flowDepth = 0;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const lead = /^[ \t]*/.exec(raw)![0];
    const rest = raw.slice(lead.length);
    if (blockParent >= 0) {
      if (rest === '' || lead.replace(/\t/g, ' ').length > blockParent) continue;
      blockParent = -1;
    }
    if (rest === '' || rest.startsWith('#')) continue;
    const masked = maskLine(raw);
    if (flowDepth > 0) {
      flowDepth = Math.max(0, flowDepth + depthChange(masked));
      continue;
    }
    if (covered(n)) continue;
    // 1. A tab in the indentation: YAML indents with spaces only.
    if (lead.includes('\t')) {
      add(n, lead.indexOf('\t') + 1, 'YAML 缩进不能使用制表符（Tab），请改用空格', 'yaml.TAB_AS_INDENT', '和上下同一层的行对齐：每一层多缩进两个半角空格');
      continue;
    }
    const content = masked.slice(lead.length).trimEnd();
    // 2. An opening quote that is not closed on its line, where the next line starts a field.
    const quote = unclosedQuote(raw);
    if (quote >= 0 && nextStartsField(lines, n)) {
      add(n, quote + 1, `引号没有配对：这里的 ${raw[quote]} 开始的文字在这一行没有结束`, 'yaml.unclosed-quote', `在文字末尾补上一个 ${raw[quote]}，或者去掉开头的 ${raw[quote]}`, true);
      continue;
    }
    // 3. `名字:值` (no space after the colon) where a field of the model belongs.
    const slip = /^(- +)?([^\s:#'"[\]{},-][^\s:：]{0,29}?)([:：])(\S.*)$/u.exec(content.replace(/\s+#.*$/, ''));
    const field = slip && opts.fieldNames && !/^\/\//.test(slip[4]!) ? known(slip[2]!, opts.fieldNames) : null;
    if (slip && field) {
      const column = lead.length + (slip[1]?.length ?? 0) + slip[2]!.length + 1;
      const value = slip[4]!.trim();
      const hint = field !== slip[2] ? `字段名是 ${field}，这里写的是 ${slip[2]}` : undefined;
      if (slip[3] === ':') add(n, column, `冒号后面要加一个空格：写成 ${field}: ${value}`, 'yaml.colon-space', hint);
      else add(n, column, `这里是全角冒号“：”，要写半角冒号加一个空格：写成 ${field}: ${value}`, 'yaml.input-method', hint);
      continue;
    }
    flowDepth = Math.max(0, depthChange(content));
    entries.push({ n, indent: lead.length, content, opens: /(^|\S):$/.test(content) || /^-$/.test(content) || /[|>][+-]?[1-9]?$/.test(content) });
    if (/(^|[:\-]\s+)[|>][+-]?[1-9]?$/.test(content)) blockParent = lead.length;
  }

  // 4. Indentation: a field more indented than the field above it (which has its value), or
  // indented to none of the levels above it.
  /** The columns of the open levels: each line's indentation, and a list item's content column. */
  const levels: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const prev = entries[i - 1];
    if (covered(e.n) || !prev || covered(prev.n)) {
      levels.length = 0;
      if (!covered(e.n)) levels.push(...columnsOf(e));
      continue;
    }
    let popped = -1;
    while (levels.length > 0 && levels.at(-1)! > e.indent) popped = levels.pop()!;
    const top = levels.at(-1) ?? -1;
    if (top === e.indent || (prev.opens && e.indent > prev.indent) || (prev.opens && e.indent === prev.indent && e.content.startsWith('-'))) {
      if (top !== e.indent) levels.push(e.indent);
      levels.push(...columnsOf(e).slice(1));
      continue;
    }
    if (e.indent > prev.indent || (prev.content.startsWith('-') && e.indent > top && e.indent > prev.indent)) {
      // Deeper than a field that has its value: the text of that value goes on (legal), unless the
      // line starts a field or an item of its own.
      if (!looksLikeField(e.content)) continue;
      const before = entries[i - 2];
      if (before && !covered(before.n) && before.indent === e.indent && !before.opens && prev.indent < e.indent) {
        // The lines above and below are at this indentation: the line between them is the one out of place.
        add(prev.n, prev.indent + 1, `这一行缩进了 ${prev.indent} 个空格，上下的行都是 ${e.indent} 个：同一层的字段要从同一列开始`, 'yaml.BAD_INDENT', `在 ${keyOf(prev.content) ?? '这一行'} 前面补上 ${e.indent - prev.indent} 个空格`);
      } else {
        const key = keyOf(prev.content);
        add(e.n, e.indent + 1, `这一行比上一行多缩进了 ${e.indent - prev.indent} 个空格：同一层的字段要从同一列开始`, 'yaml.BAD_INDENT', `删去 ${keyOf(e.content) ?? '这一行'} 前面多出的 ${e.indent - prev.indent} 个空格${key ? `，和上一行的 ${key} 对齐` : ''}`, false, prev.n);
      }
      continue;
    }
    // Between two levels: it belongs to the nearer one (the deeper one when as near).
    const want = popped >= 0 && (top < 0 || popped - e.indent <= e.indent - top) ? popped : top;
    const above = [...entries.slice(0, i)].reverse().find((x) => x.indent === want);
    const key = above ? keyOf(above.content) : null;
    add(e.n, e.indent + 1, `这一行的缩进（${e.indent} 个空格）和上面各层的字段都对不齐`, 'yaml.BAD_INDENT', `和同一层的字段${key ? ` ${key} ` : ''}对齐（${want} 个空格）`);
  }
  return causes.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** How much a line opens (+) or closes (−) flow collections `[ ]` `{ }`. */
function depthChange(masked: string): number {
  let d = 0;
  for (const c of masked) {
    if (c === '[' || c === '{') d++;
    else if (c === ']' || c === '}') d--;
  }
  return d;
}

/** The index of a quote that opens a value on this line and is not closed on it, or -1. */
function unclosedQuote(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return -1;
    if ((c !== '"' && c !== "'") || (i > 0 && !/[\s:,[{]/.test(line[i - 1]!))) continue;
    // Only where a value starts: after "字段: ", "- ", "[", "{" or ",".
    if (i > 0 && !/(^|[:\-,[{])\s*$/.test(line.slice(0, i))) continue;
    let j = i + 1;
    for (; j < line.length; j++) {
      if (c === '"' && line[j] === '\\') j++;
      else if (line[j] === c) {
        if (c === "'" && line[j + 1] === "'") j++;
        else break;
      }
    }
    if (j >= line.length) return i;
    i = j;
  }
  return -1;
}

/** The columns a line opens: its indentation, and for a list item with content, the content's column. */
function columnsOf(e: Entry): number[] {
  const dash = /^(- +)(?=\S)/.exec(e.content);
  return dash ? [e.indent, e.indent + dash[1]!.length] : [e.indent];
}

/** Whether the first non-blank line after `n` starts a field or an item (`字段: …`, `- …`). */
function nextStartsField(lines: readonly string[], n: number): boolean {
  for (let k = n + 1; k < lines.length; k++) {
    const l = lines[k]!.trim();
    if (l === '' || l.startsWith('#')) continue;
    return looksLikeField(l);
  }
  return true;
}

/**
 * The parser's problems that do not follow from a root cause: those outside every cause's region.
 * `lineOf` gives a problem's 1-based line.
 */
export function withoutConsequences<T>(problems: readonly T[], causes: readonly RootCause[], lineOf: (p: T) => number): T[] {
  return problems.filter((p) => {
    const line = lineOf(p);
    return !causes.some((c) => line >= c.region[0] && line <= c.region[1]);
  });
}
