/**
 * Reads YAML text into plain values while keeping where every node came from, so a problem found
 * later (by zod or a cross-field rule) can be reported at its file:line:column. Uses the `yaml`
 * package's own document tree and LineCounter rather than a hand-written position map.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';

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
}

/** Limits that keep hostile files from exhausting memory or time. */
export const YAML_LIMITS = {
  /** Alias expansions allowed in one document (defeats "billion laughs"). */
  maxAliasCount: 100,
} as const;

/** Parses YAML text; syntax problems come back as diagnostics with positions. */
export function parseYaml(
  text: string,
  file: string,
): { ok: true; parsed: ParsedYaml; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const toDiag = (severity: 'error' | 'warning') => (e: { message: string; pos: [number, number]; code: string }): Diagnostic => ({
    severity,
    file,
    ...at(e.pos[0]),
    message: yamlMessage(e.code, e.message),
    code: `yaml.${e.code}`,
  });
  if (doc.errors.length > 0) return { ok: false, diagnostics: doc.errors.map(toDiag('error')) };

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(message)) {
      return {
        ok: false,
        diagnostics: [
          {
            severity: 'error',
            file,
            line: 1,
            column: 1,
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
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
        if (!pair) return { node: null, pos };
        const keyNode = pair.key as Node;
        const last = i === path.length - 1;
        if (last && key && keyNode.range) return { node: keyNode, pos: at(keyNode.range[0]) };
        node = pair.value;
        const range = (pair.value as Node | null)?.range ?? keyNode.range;
        if (range) pos = at(range[0]);
      } else if (isSeq(node) && typeof part === 'number') {
        const item = node.items[part] as Node | undefined;
        if (!item) return { node: null, pos };
        node = item;
        if (item.range) pos = at(item.range[0]);
      } else {
        return { node: null, pos };
      }
    }
    return { node: node as Node, pos };
  };

  return {
    ok: true,
    warnings: doc.warnings.map(toDiag('warning')),
    parsed: {
      value,
      locate: (path, opts) => find(path, opts?.key ?? false).pos,
      has: (path) => find(path, false).node !== null || path.length === 0,
    },
  };
}

/** Plain-Chinese wording for the `yaml` package's error codes. */
function yamlMessage(code: string, original: string): string {
  const first = original.split('\n')[0] ?? original;
  switch (code) {
    case 'DUPLICATE_KEY':
      return `同一层级里出现了重复的字段名（${first.replace(/^Map keys must be unique.*$/, '字段名必须唯一')}）`;
    case 'TAB_AS_INDENT':
      return 'YAML 缩进不能使用制表符（Tab），请改用空格';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `YAML 格式错误：缩进或符号不对（${first}）`;
    case 'BAD_DQ_ESCAPE':
      return `YAML 格式错误：双引号字符串里的转义不对（${first}）`;
    default:
      return `YAML 格式错误（${first}）`;
  }
}
