/**
 * What a clerk carries over from older or published reports, read the way it was meant before the
 * data is validated, each with a warning at its file:line:column:
 *
 * - a name the model lists as a field's former name (`旧名`, e.g. a label of the 2019 format) is
 *   read under the field's current name; given together with the current name, it is an error;
 * - an item the model lists as dropped from an older format (`已删去`) is left out;
 * - a group of a table's rows written as one row of cells (the older format had one row there) is
 *   an error that names the rows it is split into now;
 * - a cell of a declared table left empty or written as a dash, a slash or 无 (as published tables
 *   show “none”) is read as 0, or, for a sum (`计算`), left to be computed.
 *
 * Pure: the parsed file in, a new value (the parsed one is not changed) and the problems out. The
 * returned {@link ParsedYaml} maps paths under the current names back to where the file wrote them.
 */
import { formatPath, type Diagnostic } from '../diagnostics.js';
import type { ParsedYaml } from './parse-yaml.js';
import { METRIC_TYPES, type FieldDecl, type Model } from './model.js';

/** What a published table writes in a cell for “none” (besides leaving it empty). */
const PLACEHOLDERS = new Set(['/', '／', '\\', '-', '－', '—', '——', '–', '―', '无']);

/** The data read with former names and placeholders resolved, and what was said about them. */
export interface OlderInput {
  readonly parsed: ParsedYaml;
  readonly warnings: readonly Diagnostic[];
  readonly errors: readonly Diagnostic[];
}

const isPlainMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Resolves former names and table placeholders in a parsed data file (see the module's note). */
export function readOlderInput(model: Model, parsed: ParsedYaml, file: string): OlderInput {
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  /** Path under current names (joined with NUL) → the key the file wrote at its last step. */
  const renamed = new Map<string, string>();
  const join = (p: readonly (string | number)[]) => p.join('\u0000');
  const translate = (path: readonly (string | number)[]): (string | number)[] => {
    const out: (string | number)[] = [];
    for (let i = 0; i < path.length; i++) out.push(renamed.get(join(path.slice(0, i + 1))) ?? path[i]!);
    return out;
  };

  const visit = (fields: readonly FieldDecl[], raw: Record<string, unknown>, path: readonly string[], removed: Readonly<Record<string, string>>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      let f = fields.find((x) => x.name === key);
      let name = key;
      if (!f && Object.prototype.hasOwnProperty.call(removed, key) && !fields.some((x) => x.formerNames && Object.prototype.hasOwnProperty.call(x.formerNames, key))) {
        const note = removed[key]!;
        warnings.push({
          severity: 'warning',
          file,
          ...parsed.locate(translate([...path, key]), { key: true }),
          path: [...path, key],
          message: `${formatPath(translate([...path, key]))} 是${note ? `${note}的` : '旧格式的'}项，现在的格式已删去，这一项不再填报`,
          hint: `删去 ${key} 这一项；这次已略去它`,
          code: 'data.removed-name',
        });
        continue;
      }
      if (!f) {
        const current = fields.find((x) => x.formerNames && Object.prototype.hasOwnProperty.call(x.formerNames, key));
        if (current) {
          const where = translate([...path, key]);
          const note = current.formerNames![key]!;
          const shown = current.cell ? current.cell.column : current.title;
          if (Object.prototype.hasOwnProperty.call(raw, current.name)) {
            errors.push({
              severity: 'error',
              file,
              ...parsed.locate(where, { key: true }),
              path: [...path, key],
              message: `${formatPath(where)} 是 ${current.name} 的旧名，两个都写了`,
              hint: `删去 ${key} 这一项，只留 ${current.name}`,
              code: 'data.former-name-twice',
            });
            continue;
          }
          warnings.push({
            severity: 'warning',
            file,
            ...parsed.locate(where, { key: true }),
            path: [...path, key],
            message: `${formatPath(where)} 是${note ? `${note}的` : '旧的'}名称，现在写作 ${current.name}${shown !== current.name ? `（${shown}）` : ''}`,
            hint: `把 ${key} 改成 ${current.name}；这次已按 ${current.name} 读取`,
            code: 'data.former-name',
          });
          renamed.set(join([...path, current.name]), key);
          f = current;
          name = current.name;
        }
      }
      out[name] = f ? resolve(f, value, [...path, name], removed) : value;
    }
    return out;
  };

  const resolve = (f: FieldDecl, value: unknown, path: readonly string[], removed: Readonly<Record<string, string>>): unknown => {
    if (f.type === 'group') {
      if (!isPlainMap(value)) return value;
      const inner = f.removedNames ? { ...removed, ...f.removedNames } : removed;
      const rows = f.fields.filter((x): x is Extract<FieldDecl, { type: 'group' }> => x.type === 'group' && x.fields.every((c) => c.cell));
      // A group of table rows written as one row of cells (an older format's single row, such as
      // the 2019 format's （六）其他处理): say how the rows are split now, instead of N unknown keys.
      if (rows.length > 0 && rows.length === f.fields.length && Object.keys(value).length > 0) {
        const columns = new Set(rows[0]!.fields.map((c) => c.name));
        if (Object.keys(value).every((k) => columns.has(k))) {
          errors.push({
            severity: 'error',
            file,
            ...parsed.locate(translate(path), { key: true }),
            path,
            message: `${formatPath(translate(path))} 写成了一行，但现在的格式把 ${f.title} 分成 ${rows.length} 行：${rows.map((r) => r.title).join('；')}`,
            hint: `在 ${f.name} 下面按这 ${rows.length} 行分别填写：${rows.map((r) => r.name).join('；')}`,
            code: 'data.rows-as-one',
          });
          return DROP;
        }
      }
      return visit(f.fields, value, path, inner);
    }
    if (!f.cell || !(METRIC_TYPES as readonly string[]).includes(f.type)) return value;
    const text = typeof value === 'string' ? value.trim() : null;
    if (value !== null && value !== '' && !(text !== null && PLACEHOLDERS.has(text))) return value;
    const written = parsed.source(translate(path)) ?? (typeof value === 'string' ? value : '');
    const what = written.trim() === '' || written.trim() === '~' ? '空着' : `写的是“${written.trim()}”`;
    warnings.push({
      severity: 'warning',
      file,
      ...parsed.locate(translate(path)),
      path,
      message: f.compute
        ? `${formatPath(translate(path))} ${what}，按各项之和计算：表格的每一格应填 0 或数`
        : `${formatPath(translate(path))} ${what}，按 0 计算：表格的每一格应填 0 或数`,
      hint: f.compute ? `这一格是合计：填上数（程序会核对），或把这一项整个删去（程序算出）` : '没有的填 0，不要空着，也不要写 /、-、无',
      code: 'data.blank-cell',
    });
    return f.compute ? DROP : 0;
  };

  const root = parsed.value;
  if (!isPlainMap(root)) return { parsed, warnings, errors };
  const value = strip(visit(model.fields, root, [], {}));
  if (warnings.length === 0 && errors.length === 0) return { parsed, warnings, errors };
  return {
    parsed: {
      value,
      locate: (p, o) => parsed.locate(translate(p), o),
      has: (p) => parsed.has(translate(p)),
      locateChar: (p, c) => parsed.locateChar(translate(p), c),
      source: (p) => parsed.source(translate(p)),
    },
    warnings,
    errors,
  };
}

/** Marks a sum left empty: the key is removed, so the sum is computed. */
const DROP: unique symbol = Symbol('drop');

function strip(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (x === DROP) continue;
    out[k] = isPlainMap(x) ? strip(x) : x;
  }
  return out;
}
