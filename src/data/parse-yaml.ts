/**
 * Reads YAML text into plain values while keeping where every node came from, so a problem found
 * later (by zod or a cross-field rule) can be reported at its file:line:column. Uses the `yaml`
 * package's own document tree and LineCounter rather than a hand-written position map.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair, type Tags, type YAMLMap } from 'yaml';
import { omittedLine, ProblemList, SHOWN_PROBLEMS, type Diagnostic } from '../diagnostics.js';
import { findInputMethodSlips, loneDashValues } from './input-slips.js';
import { rootCauses, withoutConsequences, type CauseOptions } from './yaml-causes.js';

/** A position in a file, 1-based. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Parsed YAML: its plain value and a way back from a data path to a position. */
export interface ParsedYaml {
  readonly value: unknown;
  /**
   * The position of the node at `path`, or of its nearest existing ancestor. With `key: true` the
   * position of the map key itself (for unknown or misspelt keys).
   */
  locate(path: readonly (string | number)[], opts?: { key?: boolean }): Position;
  /** Whether a node exists at `path`. */
  has(path: readonly (string | number)[]): boolean;
  /**
   * Where the first character `codePoint` of the text at `path` is written in the file (as the
   * character itself or, in double quotes, as an escape such as \a or \u0007); the text's
   * position when it cannot be told.
   */
  locateChar(path: readonly (string | number)[], codePoint: number): Position;
  /**
   * The text written for the scalar at `path` as it stands in the file (`/`, `无`, `-`; '' for an
   * empty value), or undefined when there is no scalar there.
   */
  source(path: readonly (string | number)[]): string | undefined;
}

/** Limits that keep hostile files from exhausting memory or time. */
export const YAML_LIMITS = {
  /** Alias expansions allowed in one document (defeats "billion laughs"). */
  maxAliasCount: 100,
  /** Nesting of maps and lists (a data file needs four levels). */
  maxDepth: 20,
  /** Syntax errors listed before the rest are left out (one slip can cause hundreds): the cap of every list of problems. */
  maxSyntaxErrors: SHOWN_PROBLEMS,
} as const;

/**
 * Where a path is in YAML text that has been read already (its values taken from elsewhere): the
 * text is parsed only when a position is first asked for; 1:1 when it does not parse.
 */
export function lazyLocate(text: string, file: string): (path: readonly (string | number)[]) => Position {
  let parsed: ReturnType<typeof parseYaml> | undefined;
  return (path) => {
    parsed ??= parseYaml(text, file);
    return parsed.ok ? parsed.parsed.locate(path) : { line: 1, column: 1 };
  };
}

/** Parses YAML text; syntax problems come back as diagnostics with positions. */
export function parseYaml(
  text: string,
  file: string,
  opts: CauseOptions = {},
): { ok: true; parsed: ParsedYaml; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] } {
  // Input-method slips (全角：，＃－［］｛｝＂, full-width spaces in the indentation, full-width
  // digits) are named at their own place before the parser makes something else of them.
  const slips = inputMethodSlips(text, file);
  if (slips.length > 0) return { ok: false, diagnostics: slips };
  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    // logLevel 'error': the yaml package would otherwise print its warnings on the console.
    // uniqueKeys: false — the yaml package compares each key with every earlier one (quadratic in
    // the keys of a map); duplicateKeys() below does the same check with a hash set.
    // A lone “-” as a value is read as empty (see loneDashValues); positions are unchanged.
    const dashes = loneDashValues(text);
    const readable = dashes.length === 0 ? text : dashes.reduce((t, i) => `${t.slice(0, i)}~${t.slice(i + 1)}`, text);
    doc = parseWithoutStacks(() => parseDocument(readable, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, logLevel: 'error', customTags: decimalOnly }));
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, diagnostics: [tooDeep(file, { line: 1, column: 1 })] };
    throw e;
  }
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const toDiag = (e: YamlProblem): Diagnostic => ({
    severity: 'error',
    file,
    ...at(e.pos[0]),
    message: yamlMessage(e.code, e.message, e.code === 'DUPLICATE_KEY' ? keyAt(text, e.pos[0]) : text.slice(e.pos[0], e.pos[1])),
    code: `yaml.${e.code}`,
  });
  // Warnings (an unknown tag, …) are errors too: a data file has no use for what they flag.
  const duplicates = duplicateKeys(doc.contents);
  const problems = [...doc.errors, ...doc.warnings, ...duplicates];
  if (duplicates.length > 0) problems.sort((a, b) => a.pos[0] - b.pos[0]);
  if (problems.length > 0) {
    const overflow = problems.find((e) => /call stack/i.test(e.message));
    if (overflow) return { ok: false, diagnostics: [tooDeep(file, at(overflow.pos[0]))] };
    // The slip the clerk must fix, at its own line, instead of the parser's reports that follow from it.
    const causes = rootCauses(text, opts);
    if (causes.length === 0) return { ok: false, diagnostics: firstDistinct(problems, toDiag) };
    const rest = firstDistinct(withoutConsequences(problems, causes, (e) => at(e.pos[0]).line), toDiag);
    const named: Diagnostic[] = causes.map((c) => ({ severity: 'error', file, line: c.line, column: c.column, message: c.message, ...(c.hint ? { hint: c.hint } : {}), code: c.code }));
    // By position, capped like every list of problems.
    const list = new ProblemList();
    list.pushAll(named);
    list.pushAll(rest);
    return { ok: false, diagnostics: list.list() };
  }

  // Before converting to plain values: nesting depth and explicit tags, walked without recursion.
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  let firstAlias = Infinity;
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node) && node.range) firstAlias = Math.min(firstAlias, node.range[0]);
    if (isMap(node) || isSeq(node)) {
      if (depth >= YAML_LIMITS.maxDepth) return { ok: false, diagnostics: [tooDeep(file, at(node.range?.[0] ?? 0))] };
      for (const item of node.items as unknown[]) {
        if (isPair(item)) {
          stack.push({ node: item.key, depth: depth + 1 });
          stack.push({ node: item.value, depth: depth + 1 });
        } else stack.push({ node: item, depth: depth + 1 });
      }
    }
    const tag = (node as Node | null)?.tag;
    if (tag && tag !== 'tag:yaml.org,2002:str') {
      return {
        ok: false,
        diagnostics: [
          {
            severity: 'error',
            file,
            ...at(tagOffset(text, (node as Node).range?.[0] ?? 0, shortTag(tag))),
            message: `数据文件里不能使用 YAML 标签 ${shortTag(tag)}`,
            hint: '去掉这个标签，直接写值',
            code: 'yaml.tag',
          },
        ],
      };
    }
  }

  markBlankLines(doc);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof RangeError) return { ok: false, diagnostics: [tooDeep(file, { line: 1, column: 1 })] };
    const unresolved = /^Unresolved alias.*: (.*)$/.exec(message);
    if (unresolved) {
      const name = unresolved[1]!;
      const offset = text.search(new RegExp(`\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![^\\s,\\]}])`));
      return {
        ok: false,
        diagnostics: [
          {
            severity: 'error',
            file,
            ...(offset >= 0 ? at(offset) : { line: 1, column: 1 }),
            message: `别名 *${name} 前面没有对应的锚点 &${name}`,
            hint: '数据文件里不需要使用 YAML 别名，请直接写出值；要写星号开头的文字请加引号',
            code: 'yaml.unresolved-alias',
          },
        ],
      };
    }
    if (/alias/i.test(message)) {
      return {
        ok: false,
        diagnostics: [
          {
            severity: 'error',
            file,
            ...at(Number.isFinite(firstAlias) ? firstAlias : 0),
            message: `别名（&/*）展开次数过多，文件可能被构造来耗尽内存，已拒绝读取`,
            hint: '数据文件里不需要使用 YAML 别名，请直接写出每个值',
            code: 'yaml.alias-limit',
          },
        ],
      };
    }
    throw e;
  }

  const find = (path: readonly (string | number)[], key: boolean): { node: Node | null; pos: Position } => {
    let node: unknown = doc.contents;
    let pos: Position = node && (node as Node).range ? at((node as Node).range![0]) : { line: 1, column: 1 };
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!;
      if (isMap(node)) {
        const pair = pairByKey(node, String(part));
        if (!pair) return { node: null, pos };
        const keyNode = pair.key as Node;
        const last = i === path.length - 1;
        if (last && key && keyNode.range) return { node: keyNode, pos: at(keyNode.range[0]) };
        node = pair.value;
        // An empty value (`人次:`) has no text of its own: point at its key.
        const empty = pair.value === null || (isScalar(pair.value) && pair.value.value === null && (pair.value.source ?? '') === '');
        const range = empty ? keyNode.range : ((pair.value as Node | null)?.range ?? keyNode.range);
        if (range) pos = at(range[0]);
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part] as Node | undefined;
        if (!item) return { node: null, pos };
        node = item;
        if (item.range) {
          // An empty item (`-` alone) has no text of its own: point at its dash.
          const empty = isScalar(item) && item.value === null && (item.source ?? '') === '';
          const dash = empty ? text.lastIndexOf('-', item.range[0]) : -1;
          pos = at(dash >= 0 && !text.slice(dash + 1, item.range[0]).includes('\n') ? dash : item.range[0]);
        }
      } else {
        return { node: null, pos };
      }
    }
    return { node: node as Node, pos };
  };

  return {
    ok: true,
    warnings: [],
    parsed: {
      value,
      locate: (path, opts) => find(path, opts?.key ?? false).pos,
      has: (path) => find(path, false).node !== null || path.length === 0,
      locateChar: (path, codePoint) => {
        const { node, pos } = find(path, false);
        if (!isScalar(node) || !node.range) return pos;
        const offset = charOffset(text.slice(node.range[0], node.range[1]), node.type === 'QUOTE_DOUBLE', codePoint);
        return offset === null ? pos : at(node.range[0] + offset);
      },
      source: (path) => {
        const { node } = find(path, false);
        if (node === null && path.length > 0) {
          // An empty value (`人次:` in a block map, `{人次: , …}`) has no node of its own.
          let parent: unknown = find(path.slice(0, -1), false).node;
          if (!isMap(parent)) return undefined;
          const pair = pairByKey(parent as YAMLMap, String(path[path.length - 1]));
          return pair && pair.value === null ? '' : undefined;
        }
        if (!isScalar(node) || !node.range) return undefined;
        return text.slice(node.range[0], node.range[1]);
      },
    },
  };
}

/**
 * Where a character is written in a scalar's source: the character itself, or in double quotes
 * an escape that stands for it (\a, \x07, \u0007, \U00000007, \t, \n, …).
 */
function charOffset(source: string, doubleQuoted: boolean, codePoint: number): number | null {
  const SIMPLE: Record<string, number> = { '0': 0, a: 7, b: 8, t: 9, '\t': 9, n: 10, v: 11, f: 12, r: 13, e: 0x1b, N: 0x85, _: 0xa0, L: 0x2028, P: 0x2029 };
  for (let i = 0; i < source.length; ) {
    const cp = source.codePointAt(i)!;
    if (doubleQuoted && cp === 0x5c) {
      const c = source[i + 1] ?? '';
      const len = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
      const escaped = len > 0 ? parseInt(source.slice(i + 2, i + 2 + len), 16) : SIMPLE[c];
      if (escaped === codePoint) return i;
      i += 2 + len;
      continue;
    }
    if (cp === codePoint) return i;
    i += cp > 0xffff ? 2 : 1;
  }
  return null;
}

/** `tag:yaml.org,2002:binary` → `!!binary`, as it is written. */
function shortTag(tag: string): string {
  return tag.replace(/^tag:yaml\.org,2002:/, '!!');
}

/** Where a tag is written: before its value, on the same line (else the value's offset). */
function tagOffset(text: string, valueOffset: number, tag: string): number {
  const lineStart = text.lastIndexOf('\n', valueOffset - 1) + 1;
  const at = text.lastIndexOf(tag, valueOffset);
  return at >= lineStart ? at : valueOffset;
}

/** The key written at `offset` (up to its colon), for messages. */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200).split('\n')[0]!;
  const m = /^"([^"]*)"\s*:|^'([^']*)'\s*:|^([^:{}[\],#]+?)\s*:(?:\s|$)/u.exec(rest);
  return (m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim();
}

function tooDeep(file: string, pos: Position): Diagnostic {
  return {
    severity: 'error',
    file,
    ...pos,
    message: `映射和列表嵌套的层次太深（超过 ${YAML_LIMITS.maxDepth} 层），已拒绝读取`,
    hint: '年度数据最多只有四层，请检查括号和缩进',
    code: 'yaml.too-deep',
  };
}

/**
 * The YAML core schema without its other notations for numbers: `0x10`, `0o17`, `1e9`, `.inf` and
 * `.nan` stay the text they are, so a figure written so is reported as "应写成十进制数字" (with
 * its decimal value as the hint) instead of being read silently as 16 or shown as Infinity.
 */
function decimalOnly(tags: Tags): Tags {
  return tags.filter((t) => typeof t !== 'object' || !('test' in t) || !(t.test instanceof RegExp) || !/0x|0o|inf|\[eE\]/.test(t.test.source));
}

/**
 * Runs `parse` with stack traces off: the yaml package reports each problem as an Error, and
 * capturing a stack for each of the hundreds of thousands a cascade of syntax errors can raise costs
 * more than the parsing (they are never shown).
 */
function parseWithoutStacks<T>(parse: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parse();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** A problem as the yaml package reports it. */
interface YamlProblem {
  readonly message: string;
  readonly pos: [number, number];
  readonly code: string;
}

/**
 * The first {@link YAML_LIMITS}.maxSyntaxErrors distinct problems as diagnostics, and a line saying
 * how many more there are. Problems are told apart by position, code and message with a hash set
 * (one slip can cause tens of thousands), and only those shown are worded.
 */
function firstDistinct(problems: readonly YamlProblem[], toDiag: (e: YamlProblem) => Diagnostic): Diagnostic[] {
  const seen = new Set<string>();
  const shown: Diagnostic[] = [];
  let more = 0;
  for (const e of problems) {
    const key = `${e.pos[0]}\0${e.code}\0${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (shown.length < YAML_LIMITS.maxSyntaxErrors) {
      const d = toDiag(e);
      // The same message at the same line and column (two offsets on one spot) is one problem.
      if (shown.some((x) => x.line === d.line && x.column === d.column && x.message === d.message)) continue;
      shown.push(d);
    } else more++;
  }
  return withMore(shown, more);
}

/** `shown`, followed when `more` > 0 by the line saying that many more problems are not listed. */
function withMore(shown: Diagnostic[], more: number): Diagnostic[] {
  return more === 0 ? shown : [...shown, omittedLine('error', more)];
}

/**
 * Keys written twice in one map, as the yaml package's own check reports them (DUPLICATE_KEY at
 * the second key), found with one hash set per map: linear in the keys, where the package's check
 * compares each key with all earlier ones. Scalar keys are compared by value (1 and "1" differ),
 * others never repeat. Walks the tree without recursion.
 */
export function duplicateKeys(root: unknown): YamlProblem[] {
  const out: YamlProblem[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (isScalar(key)) {
          if (seen.has(key.value)) out.push({ message: 'Map keys must be unique', pos: [key.range?.[0] ?? 0, key.range?.[1] ?? 0], code: 'DUPLICATE_KEY' });
          seen.add(key.value);
        } else if (key === null) {
          if (seen.has(null)) out.push({ message: 'Map keys must be unique', pos: [0, 0], code: 'DUPLICATE_KEY' });
          seen.add(null);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.key, node.value);
    }
  }
  return out;
}

/** Each map's first pair per key (as text), built on the first lookup: a lookup costs O(1), not a scan. */
const pairIndex = new WeakMap<object, Map<string, Pair>>();

/** The first pair of `map` whose scalar key reads `key`, through {@link pairIndex}. */
function pairByKey(map: YAMLMap, key: string): Pair | undefined {
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (isPair(p) && isScalar(p.key)) {
        const k = String(p.key.value);
        if (!index.has(k)) index.set(k, p);
      }
    }
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/**
 * Plain-Chinese wording for the `yaml` package's errors. None of the parser's English reaches the
 * clerk: each known message has its own wording, and anything else says plainly what is known
 * (a format problem at this place), with the character found there.
 */
function yamlMessage(code: string, original: string, source: string): string {
  const first = original.split('\n')[0] ?? original;
  // What is written there: its first line, without invisible characters, cut short.
  const shown = [...(source.split(/\r?\n/)[0] ?? '').replace(/[\p{C}]/gu, '').trim()].slice(0, 20).join('');
  const at = shown === '' ? '' : `（这里写的是 ${shown}）`;
  switch (code) {
    case 'DUPLICATE_KEY':
      return /^[^\s:]{1,40}$/u.test(source)
        ? `字段 ${source} 重复出现：同一层级里每个字段只能写一次`
        : '同一层级里出现了重复的字段名：每个字段只能写一次';
    case 'TAG_RESOLVE_FAILED':
      return `数据文件里不能使用 YAML 标签 ${/^Unresolved tag: (.*)$/.exec(first)?.[1] ?? ''}`.trimEnd();
    case 'MULTIPLE_DOCS':
      return '一个数据文件里只能有一份数据（这里又出现了 ---）';
    case 'BAD_SCALAR_START':
      return `值不能以 ${source} 开头：这样的文字请加上引号`;
    case 'KEY_OVER_1024_CHARS':
      return '字段名太长（超过 1024 个字符），可能是少写了冒号或缩进不对';
    case 'TAB_AS_INDENT':
      return 'YAML 缩进不能使用制表符（Tab），请改用空格';
    case 'BAD_DQ_ESCAPE':
      return '双引号里的反斜杠“\\”后面的写法不对：要写反斜杠本身请写两个（\\\\），或改用单引号把文字括起来';
  }
  if (/^Implicit keys need to be on a single line/.test(first)) {
    return 'YAML 格式错误：字段名后面缺少半角冒号和空格（应写成“字段: 值”），或者这一行的缩进和上一行不一致';
  }
  if (/^Implicit map keys need to be followed by map values/.test(first)) {
    return 'YAML 格式错误：字段名后面缺少半角冒号和空格（应写成“字段: 值”）';
  }
  if (/^Nested mappings are not allowed in compact mappings/.test(first)) {
    return 'YAML 格式错误：一行里只能写一个“字段: 值”；值里有“: ”（半角冒号加空格）时，请给整个值加上引号';
  }
  if (/^Flow sequence in block collection must be sufficiently indented and end with a \]/.test(first) || /end with a \]/.test(first)) {
    return 'YAML 格式错误：方括号没有配对，用 [ 开始的列表要用 ] 结束';
  }
  if (/end with a \}/.test(first)) return 'YAML 格式错误：花括号没有配对，用 { 开始的一组要用 } 结束';
  if (/^Missing closing "?quote/.test(first) || /^Missing closing/.test(first)) {
    return 'YAML 格式错误：引号没有配对，文字开头的引号在结尾也要有一个';
  }
  if (/^Missing , (or : )?between/.test(first)) return `YAML 格式错误：括号里的各项之间缺少半角逗号“,”${at}`;
  if (/^Missing space after :/.test(first)) return 'YAML 格式错误：半角冒号“:”后面要空一格';
  if (/^Comments must be separated/.test(first)) return 'YAML 格式错误：注释的井号“#”前面要空一格';
  if (/^Tabs are not allowed/.test(first)) return 'YAML 缩进不能使用制表符（Tab），请改用空格';
  if (/^Block collections are not allowed within flow collections/.test(first)) {
    return 'YAML 格式错误：方括号或花括号里不能再换行写“- 项”或“字段: 值”';
  }
  if (/^Unexpected , in/.test(first)) return 'YAML 格式错误：这里多了一个逗号';
  if (/^Unexpected empty item/.test(first)) return 'YAML 格式错误：括号里有一项是空的（两个逗号之间没有内容）';
  if (/^Block scalar values in collections must be indented/.test(first)) return 'YAML 格式错误：“|”或“>”之后的文字要比字段名多缩进';
  if (/^All mapping items must start at the same column/.test(first) || code === 'BAD_INDENT') {
    return 'YAML 格式错误：缩进不对，同一层的字段要从同一列开始（用半角空格对齐）';
  }
  return `YAML 格式错误：这里的写法不对${at}，请检查这一行的缩进、冒号和括号`;
}

/** The input-method slips of a YAML text as diagnostics (see input-slips.ts). */
function inputMethodSlips(text: string, file: string): Diagnostic[] {
  const list = new ProblemList();
  for (const s of findInputMethodSlips(text)) {
    list.push({ severity: 'error', file, line: s.line, column: s.column, message: s.message, hint: s.hint, code: 'yaml.input-method' });
  }
  return list.list();
}

/**
 * In every style but the literal block (`|`), YAML folds a line break inside a text into a space and
 * turns a blank line into a single line break: `a\n\n  b` reads as "a\nb", which a paragraph field
 * would join into one run of text without a trace. Such a line break is doubled, so the text reads
 * with its blank line in every style alike ("a\n\nb") and the field's own check sees it.
 */
function markBlankLines(doc: Document): void {
  visit(doc, {
    Scalar(_, node) {
      if (node.type === 'BLOCK_LITERAL' || typeof node.value !== 'string' || !node.value.includes('\n')) return;
      node.value = node.value.replace(/\n(?!$)/g, '\n\n');
    },
  });
}
