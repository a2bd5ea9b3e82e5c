/**
 * Slips a Chinese input method makes in YAML's structure, found before the text is parsed so that
 * each is reported once, at its own line and column, naming the character and what to type instead
 * — instead of the parser's message about whatever it made of the line (an English sentence about
 * implicit keys, a field named “　人次”, a list that is one long string).
 *
 * What counts as a slip (only where YAML's structure is written, never inside quotes, comments or
 * the text of a block scalar `|`/`>`):
 * - a full-width space (U+3000) or a no-break space (U+00A0) in a line's indentation;
 * - a full-width colon “：” after a field name where the field's colon belongs (the line is a field
 *   at the level of the lines around it, not the continuation of a long text);
 * - a full-width hyphen “－” starting a list item; full-width brackets “［ ］” “｛ ｝” around a value;
 *   a full-width comma “，” between the items of a […] or {…} list;
 * - a full-width number sign “＃” starting a comment; a value in full-width double quotes “＂…＂”;
 * - a number written with full-width digits (４, ９５％, ２０２４).
 * Chinese text itself (“：” “，” in a sentence, “……” quotes) is left alone.
 */

/** One slip: where it is (1-based line and column, in UTF-16 units as editors count), what to say. */
export interface InputSlip {
  readonly line: number;
  readonly column: number;
  /** The character typed. */
  readonly char: string;
  readonly message: string;
  readonly hint: string;
}

const FULL_DIGITS = '０１２３４５６７８９';
const toHalf = (s: string) => s.replace(/[０-９．％，]/g, (c) => (c === '．' ? '.' : c === '％' ? '%' : c === '，' ? ',' : String(FULL_DIGITS.indexOf(c))));
const HINT = '中文输入法打出的符号是全角的；YAML 的冒号、减号、括号、引号、井号和缩进要在英文状态（半角）下输入';
const where = (line: number, column: number) => `第 ${line} 行第 ${column} 列`;

/** A line with the insides of its quoted strings and its comment blanked out (same length). */
function mask(line: string): string {
  let out = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote && !(quote === '"' && line[i - 1] === '\\')) {
        quote = null;
        out += c;
      } else out += ' ';
      continue;
    }
    // A quote opens a quoted scalar only where a value starts.
    if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(line[i - 1]!))) {
      quote = c;
      out += c;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return out + ' '.repeat(line.length - i);
    out += c;
  }
  return out;
}

/** A line with the insides of its quoted strings and its comment blanked out (same length). */
export const maskLine = (line: string): string => mask(line);

/** The indentation of a line: its leading spaces (only U+0020 counts in YAML). */
const indentOf = (line: string) => /^ */.exec(line)![0].length;
const isBlank = (line: string) => /^[\s\u3000\u00a0]*(#.*)?$/.test(line);

/** Finds the input-method slips in YAML text. */
export function findInputMethodSlips(text: string): InputSlip[] {
  const lines = text.split(/\r?\n/);
  const slips: InputSlip[] = [];
  const add = (line: number, index: number, char: string, message: string) =>
    slips.push({ line: line + 1, column: index + 1, char, message: `${where(line + 1, index + 1)}是${message}`, hint: HINT });
  /** Indentation of the block scalar being read (its parent's indentation), or -1. */
  let blockParent = -1;
  let previousIndent = -1;
  /** Whether the line before opens a group (`key:` with nothing after it, or a lone `-`). */
  let previousOpens = false;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    if (blockParent >= 0) {
      if (isBlank(raw) || indentOf(raw) > blockParent) continue;
      blockParent = -1;
    }
    if (isBlank(raw) && !/^[ ]*[\u3000\u00a0]+\S/.test(raw)) continue;
    const m = mask(raw);
    const indent = indentOf(raw);
    // 1. Indentation with a full-width or no-break space.
    const lead = /^[ \u3000\u00a0]*/.exec(raw)![0];
    const odd = lead.search(/[\u3000\u00a0]/);
    if (odd >= 0) {
      const ch = lead[odd]!;
      add(
        n,
        odd,
        ch,
        ch === '\u3000'
          ? '全角空格（U+3000），缩进只能用半角空格，请改成两个半角空格（和上下同一层的行对齐）'
          : '不换行空格（U+00A0，多半是从网页或 Word 里复制来的），缩进只能用普通的半角空格，请改成半角空格',
      );
    }
    const content = m.slice(lead.length);
    const at = lead.length;
    // 2. A list item started with a full-width hyphen.
    if (content.startsWith('－')) add(n, at, '－', '全角减号“－”，请改成半角减号“-”（列表的每一项以它开头，后面加一个空格）');
    const item = /^(- +)/.exec(content)?.[1]?.length ?? 0;
    const body = content.slice(item);
    const bodyAt = at + item;
    // 3. A field written with a full-width colon, where the line is a field of its level.
    const key = /^([^\s:：#"'[\]{},，。、－][^:：#"]{0,29}?)：/u.exec(body);
    if (key && !/: |:$/.test(body.slice(0, key[1]!.length))) {
      // A field of its level: not deeper than the line before (deeper would continue a text), or
      // the first line under a field that opens a group; a list item whose next line is a field.
      const level = item > 0 ? nextIsField(lines, n, at + item) : previousIndent < 0 || lead.length <= previousIndent || previousOpens;
      if (level) add(n, bodyAt + key[1]!.length, '：', '全角冒号“：”，请改成半角冒号“:”（后面加一个空格）');
    }
    // The value part of the line: after "key: " (or the whole item).
    const colon = /^[^:]*?:( +|$)/.exec(body);
    const valueAt = colon ? bodyAt + colon[0].length : bodyAt;
    const value = m.slice(valueAt).trimEnd();
    // 4. Full-width brackets around a value; full-width double quotes.
    const pair = /^([［｛[{])[^]*([］｝\]}])$/u.exec(value);
    if (pair && ((pair[1] === '［' && pair[2] === '］') || (pair[1] === '｛' && pair[2] === '｝'))) {
      add(
        n,
        valueAt,
        pair[1]!,
        pair[1] === '［'
          ? '全角方括号“［”，请改成半角方括号“[”（末尾的“］”也改成“]”）'
          : '全角花括号“｛”，请改成半角花括号“{”（末尾的“｝”也改成“}”）',
      );
    } else if (pair && '［｛'.includes(pair[1]!)) {
      // Only the opening one is full-width (`｛自然人: 2, …}`).
      add(n, valueAt, pair[1]!, pair[1] === '［' ? '全角方括号“［”，请改成半角方括号“[”' : '全角花括号“｛”，请改成半角花括号“{”');
    } else if (pair && '］｝'.includes(pair[2]!)) {
      // Only the closing one is full-width (`{自然人: 2, …｝`).
      add(n, valueAt + value.length - 1, pair[2]!, pair[2] === '］' ? '全角方括号“］”，请改成半角方括号“]”' : '全角花括号“｝”，请改成半角花括号“}”');
    }
    if (value.startsWith('＂')) add(n, valueAt, '＂', '全角双引号“＂”，请改成半角双引号“"”（两头都要改）');
    // 5. A full-width comma between the items of a half-width […] or {…}.
    // A comma inside Chinese brackets （…）《…》“…”【…】 belongs to the text; in a {…} only a comma
    // followed by the next `key:` separates fields (`{名称: 甲，乙}` is one value with a comma in it).
    const open: ('[' | '{')[] = [];
    let inText = 0;
    for (let i = valueAt; i < m.length; i++) {
      const c = m[i]!;
      if (c === '[' || c === '{') open.push(c);
      else if (c === ']' || c === '}') open.pop();
      else if ('（《“【'.includes(c)) inText++;
      else if ('）》”】'.includes(c)) inText = Math.max(0, inText - 1);
      else if (c === '，' && open.length > 0 && inText === 0) {
        const inMap = open.at(-1) === '{';
        if (inMap && !/^\s*[^\s:,，{}[\]]+:(\s|$)/u.test(m.slice(i + 1).split(/[，,}]/u)[0] ?? '')) continue;
        add(n, i, '，', '全角逗号“，”，请改成半角逗号“,”（后面加一个空格），括号里的各项要用它分开；如果逗号是这一项文字的一部分，请给这一项加上引号');
      }
    }
    // 6. A comment started with a full-width number sign.
    const hash = m.search(/(^|[\s\u3000])＃/);
    if (hash >= 0) {
      const i = m.indexOf('＃', hash);
      add(n, i, '＃', '全角井号“＃”，请改成半角井号“#”（注释以它开头，前面空一格）');
    }
    // 7. Numbers in full-width digits: a value, or an item of a […]/{…}, made of digits only.
    for (const num of m.slice(valueAt).matchAll(/(?<=^|[\s[{,:，])([0-9０-９][0-9０-９．.,，]*[%％]?)(?=\s*(?:$|[,\]}，]))/gu)) {
      const s = num[1]!;
      const first = s.search(/[０-９．％，]/);
      if (first < 0 || !/[０-９]/.test(s)) continue;
      const i = valueAt + num.index! + first;
      add(n, i, s[first]!, `全角${/[０-９]/.test(s[first]!) ? '数字' : '符号'}“${s[first]}”，数要用半角数字写，请把“${s}”改成“${toHalf(s)}”`);
    }
    // A block scalar starts: its text lines are not structure.
    if (/(^|[:\-]\s+)[|>][+-]?[1-9]?\s*$/.test(m)) blockParent = indent;
    previousIndent = lead.length;
    previousOpens = /(^|\S):$|^-$/.test(content.trimEnd());
  }
  return slips;
}

/** Whether the line after list item `n` continues it as a field at the item's content column (the item is a map). */
function nextIsField(lines: readonly string[], n: number, column: number): boolean {
  for (let k = n + 1; k < lines.length; k++) {
    const l = lines[k]!;
    if (isBlank(l)) continue;
    return indentOf(l) === column && /^ *[^\s:#-][^:]*:( |$)/.test(l);
  }
  return false;
}

/**
 * Where a value is a lone “-” (`自然人: -`, `{商业企业: -, …}`), as clerks copy a dash from a
 * published table for “none”. YAML reads a lone “-” as the start of a list and stops with a syntax
 * error; the parser is given “~” (empty) in its place instead, so that the value reaches validation
 * like an empty one, which says what was written and what to write. Offsets into `text` (UTF-16
 * units); never inside quotes, comments or the text of a block scalar.
 */
export function loneDashValues(text: string): number[] {
  const out: number[] = [];
  let blockParent = -1;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    if (blockParent >= 0) {
      if (isBlank(line) || indentOf(line) > blockParent) continue;
      blockParent = -1;
    }
    const m = mask(line);
    for (const hit of m.matchAll(/(:[ \t]+|[{[,][ \t]*)-(?=[ \t]*(?:[,}\]]|$))/gu)) out.push(start + hit.index! + hit[1]!.length);
    if (/(^|[:\-]\s+)[|>][+-]?[1-9]?\s*$/.test(m)) blockParent = indentOf(line);
  }
  return out;
}
