/**
 * Reads a project's data declaration (`model.yaml`) into a {@link Model}. The vocabulary is
 * Frictionless Data's Table Schema (https://specs.frictionlessdata.io/table-schema/): a field has
 * a `type`, a `title`, a `description` and `constraints` (`required`, `minimum`, `maximum`,
 * `maxLength`, `enum`); we add what a report's figures need (`unit`, `qualifier` for approximate
 * figures, `decimals`), groups (`fields`), lists (`items`, `minItems`, `maxItems`) and cross-field
 * `rules` with the clerk's message. Like Quarto's YAML schemas, the declaration is YAML compiled into
 * a validator, and its own mistakes are reported at their file:line:column before any data is read.
 * Every key has a Chinese alias (类型, 名称, 单位 …), listed in {@link KEY_ALIASES}.
 */
import { fail, ok, type Diagnostic, type Result } from '../diagnostics.js';
import { describeValue } from './values.js';
import { editDistance } from './validate.js';
import { parseYaml, type ParsedYaml, type Position } from './parse-yaml.js';
import {
  DOCUMENT_FIELDS,
  FIELD_TYPES,
  fieldAt,
  makeModel,
  type Comparison,
  type FieldDecl,
  type FieldType,
  type Model,
  type Operand,
  type Operator,
  type RuleDecl,
} from './model.js';

/** The declaration's file name in a project, unless report.yaml names another. */
export const MODEL_FILE = 'model.yaml';

/** Chinese aliases of the declaration's keys (the canonical key first). */
export const KEY_ALIASES: Readonly<Record<string, readonly string[]>> = {
  // top level
  fields: ['字段'],
  rules: ['规则'],
  // a field
  type: ['类型'],
  title: ['名称'],
  description: ['说明'],
  unit: ['单位'],
  required: ['必填'],
  minimum: ['最小值'],
  maximum: ['最大值'],
  maxLength: ['最多字数'],
  enum: ['可选值'],
  qualifier: ['约数'],
  decimals: ['小数位数'],
  items: ['每项'],
  minItems: ['最少项数'],
  maxItems: ['最多项数'],
  titleMaxLength: ['标题最多字数'],
  constraints: ['约束'],
  // a rule
  check: ['检查'],
  when: ['条件'],
  at: ['指向'],
  unique: ['不重复'],
  message: ['消息'],
  hint: ['提示'],
  id: ['编号'],
};

/** Chinese (and Table Schema) names of the field types. */
export const TYPE_ALIASES: Readonly<Record<FieldType, readonly string[]>> = {
  count: ['计数', '整数', 'integer'],
  percent: ['百分数'],
  workdays: ['工作日', 'duration'],
  amount: ['金额', '数额', 'number'],
  date: ['日期'],
  year: ['年份'],
  line: ['一行文字', '文字', 'string'],
  paragraph: ['段落'],
  boolean: ['是否'],
  group: ['组', 'object'],
  list: ['列表', 'array'],
  titled: ['标题内容'],
};

/** What each type of field may declare besides type, title, description, required, constraints. */
const TYPE_KEYS: Readonly<Record<FieldType, readonly string[]>> = {
  count: ['unit', 'qualifier', 'minimum', 'maximum'],
  percent: ['qualifier', 'minimum', 'maximum'],
  workdays: ['unit', 'minimum', 'maximum'],
  amount: ['unit', 'qualifier', 'decimals', 'minimum', 'maximum'],
  date: [],
  year: ['minimum', 'maximum'],
  line: ['maxLength', 'enum'],
  paragraph: ['maxLength'],
  boolean: [],
  group: ['fields'],
  list: ['items', 'minItems', 'maxItems'],
  titled: ['maxLength', 'titleMaxLength'],
};
const COMMON_KEYS = ['type', 'title', 'description', 'required', 'constraints'];
const CONSTRAINT_KEYS = ['required', 'minimum', 'maximum', 'maxLength', 'enum', 'minItems', 'maxItems'];

/** The type of each fixed 公文 field, when a model declares it itself. */
const DOCUMENT_TYPES: Readonly<Record<string, FieldType>> = {
  [DOCUMENT_FIELDS.year]: 'year',
  [DOCUMENT_FIELDS.issuer]: 'line',
  [DOCUMENT_FIELDS.date]: 'date',
  [DOCUMENT_FIELDS.sealed]: 'boolean',
};

const OPERATORS: Readonly<Record<string, Operator>> = {
  '<=': '<=',
  '≤': '<=',
  '<': '<',
  '＜': '<',
  '>=': '>=',
  '≥': '>=',
  '>': '>',
  '＞': '>',
  '==': '==',
  '=': '==',
  '＝': '==',
  '!=': '!=',
  '≠': '!=',
};

/** Words of the default rule messages. */
const OPERATOR_WORDS: Readonly<Record<Operator, string>> = {
  '<=': '不能大于',
  '<': '应小于',
  '>=': '不能小于',
  '>': '应大于',
  '==': '应等于',
  '!=': '不能等于',
};

type Path = readonly (string | number)[];

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Parses and checks the text of a declaration; all its problems at once, each at file:line:column. */
export function readDeclaration(text: string, file: string): Result<Model> {
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''), file);
  if (!parsed.ok) return fail(parsed.diagnostics);
  return new Reader(parsed.parsed, file, text).read();
}

class Reader {
  private readonly problems: Diagnostic[] = [];
  /** Fields whose declaration is wrong: rules that name them say nothing more (one mistake, one message). */
  private readonly broken = new Set<string>();
  constructor(
    private readonly parsed: ParsedYaml,
    private readonly file: string,
    private readonly text: string,
  ) {}

  private problem(path: Path, message: string, hint?: string, opts: { key?: boolean; at?: Position } = {}): void {
    this.problems.push({
      severity: 'error',
      file: this.file,
      ...(opts.at ?? this.parsed.locate(path, { key: !!opts.key })),
      message,
      ...(hint ? { hint } : {}),
      code: 'model.invalid',
    });
  }

  /** The canonical key of `key` (itself or an alias), or null. */
  private canonical(key: string, allowed: readonly string[]): string | null {
    for (const k of allowed) if (k === key || KEY_ALIASES[k]?.includes(key)) return k;
    return null;
  }

  /** A map's keys by their canonical names; unknown keys and a key given twice are problems. */
  private keys(value: Record<string, unknown>, path: Path, allowed: readonly string[], where: string, known: readonly string[] = allowed): Map<string, { raw: string; value: unknown }> {
    const out = new Map<string, { raw: string; value: unknown }>();
    for (const [raw, v] of Object.entries(value)) {
      const key = this.canonical(raw, allowed);
      if (key === null) {
        const other = this.canonical(raw, known);
        const names = allowed.flatMap((k) => [k, ...(KEY_ALIASES[k] ?? [])]);
        const near = nearest(raw, names);
        this.problem(
          [...path, raw],
          other ? `${where}不能写 ${raw}` : `${where}有不认识的项 ${raw}`,
          near ? `是不是想写 ${near}？` : `这里可以写：${allowed.map((k) => (KEY_ALIASES[k]?.[0] ? `${k}（${KEY_ALIASES[k]![0]}）` : k)).join('、')}`,
          { key: true },
        );
        continue;
      }
      if (out.has(key)) {
        this.problem([...path, raw], `${raw} 与 ${out.get(key)!.raw} 是同一项，只能写一次`, undefined, { key: true });
        continue;
      }
      out.set(key, { raw, value: v });
    }
    return out;
  }

  read(): Result<Model> {
    const root = this.parsed.value;
    if (!isMap(root)) {
      this.problem([], '数据模型应为一组“项: 值”，至少有 fields（字段）', '参照 report init 生成的 model.yaml');
      return fail(this.problems);
    }
    const top = this.keys(root, [], ['title', 'description', 'fields', 'rules'], '数据模型');
    const title = top.get('title');
    if (title && typeof title.value !== 'string') this.problem([title.raw], `${title.raw} 应为文字，实际为 ${describeValue(title.value)}`);
    const fieldsEntry = top.get('fields');
    let fields: FieldDecl[] = [];
    if (!fieldsEntry) {
      this.problem([], '数据模型缺少 fields（字段）：年度数据里每个字段的类型、名称和单位', '写成 fields:，下面每行一个字段，如  次数: {type: count, unit: 次}');
    } else if (!isMap(fieldsEntry.value)) {
      this.problem([fieldsEntry.raw], `${fieldsEntry.raw} 应为一组字段（字段名: 声明），实际为 ${describeValue(fieldsEntry.value)}`);
    } else {
      fields = this.fields(fieldsEntry.value, [fieldsEntry.raw], [], true);
    }
    const model0 = { fields: [...fields] };
    const rulesEntry = top.get('rules');
    const rules: RuleDecl[] = [];
    if (rulesEntry && rulesEntry.value !== null) {
      if (!Array.isArray(rulesEntry.value)) {
        this.problem([rulesEntry.raw], `${rulesEntry.raw} 应为规则的列表（每条以“- ”开头），实际为 ${describeValue(rulesEntry.value)}`);
      } else {
        // Rules may name the fixed 公文 fields (年度, 成文日期 …) even when the model does not declare them.
        const withDocument = makeModel(this.file, fields, []);
        rulesEntry.value.forEach((r, i) => {
          const rule = this.rule(r, [rulesEntry.raw, i], withDocument, i);
          if (rule) rules.push(rule);
        });
      }
    }
    void model0;
    if (this.problems.length > 0) return fail(this.problems);
    return ok(makeModel(this.file, fields, rules, typeof title?.value === 'string' ? title.value : undefined));
  }

  /** The fields of a map `名字: 声明`; `top` checks the fixed 公文 fields' types. */
  private fields(value: Record<string, unknown>, path: Path, dataPath: readonly string[], top: boolean): FieldDecl[] {
    const out: FieldDecl[] = [];
    for (const [name, decl] of Object.entries(value)) {
      if (!this.name(name, [...path, name])) continue;
      const f = this.field(name, decl, [...path, name], [...dataPath, name], false);
      if (!f) {
        this.broken.add([...dataPath, name].join('.'));
        continue;
      }
      if (top && DOCUMENT_TYPES[name] && f.type !== DOCUMENT_TYPES[name]) {
        this.problem([...path, name], `${name} 是每份公文都有的字段，类型只能是 ${DOCUMENT_TYPES[name]}，实际写了 ${f.type}`, '这个字段可以不声明，程序会按固定的类型检查它');
        continue;
      }
      out.push(f);
    }
    return out;
  }

  private name(name: string, path: Path): boolean {
    if (name.trim() === '' || /[.[\]{}"'\s]/.test(name)) {
      this.problem(path, `字段名 "${name}" 不能为空，也不能含有空格、点、方括号、花括号或引号`, '字段名在模板里写成 {{组.字段}}，用点分隔', { key: true });
      return false;
    }
    if (name === '数值' || name === '修饰') {
      this.problem(path, `字段名不能是 ${name}：约数写成 {数值: 20, 修饰: 余}，这两个名字留给它用`, undefined, { key: true });
      return false;
    }
    return true;
  }

  /** One field declaration: a type name, or a map. `item` for a list's items (no name of its own). */
  private field(name: string, decl: unknown, path: Path, dataPath: readonly string[], item: boolean): FieldDecl | null {
    const at = this.parsed.locate(path, { key: !item });
    if (typeof decl === 'string') decl = { type: decl };
    if (!isMap(decl)) {
      this.problem(path, `${what(name, item)}的声明应为类型名（如 count）或一组“项: 值”，实际为 ${describeValue(decl)}`, '如  次数: {type: count, unit: 次, title: 开展检查}');
      return null;
    }
    const allKeys = [...COMMON_KEYS, ...new Set(Object.values(TYPE_KEYS).flat())];
    const typeEntry = Object.entries(decl).find(([k]) => this.canonical(k, ['type']));
    if (!typeEntry) {
      this.problem(path, `${what(name, item)}缺少 type（类型）`, `可用的类型：${typeList()}`, { key: !item });
      return null;
    }
    const type = this.type(typeEntry[1], [...path, typeEntry[0]]);
    if (!type) return null;
    if (type === 'titled' && !item) {
      this.problem([...path, typeEntry[0]], `类型 titled（标题内容）只能用作列表的每项：写成 {type: list, items: titled}`);
      return null;
    }
    const entries = this.keys(decl, path, [...COMMON_KEYS, ...TYPE_KEYS[type]], `类型为 ${type} 的${what(name, item)}`, allKeys);
    // constraints: {required, minimum …} (Table Schema) is the same as writing them directly.
    const constraints = entries.get('constraints');
    if (constraints) {
      if (!isMap(constraints.value)) {
        this.problem([...path, constraints.raw], `${constraints.raw} 应为一组约束（如 {required: true, maximum: 100}），实际为 ${describeValue(constraints.value)}`);
      } else {
        const allowed = CONSTRAINT_KEYS.filter((k) => k === 'required' || TYPE_KEYS[type].includes(k));
        const inner = this.keys(constraints.value, [...path, constraints.raw], allowed, `类型为 ${type} 的字段的约束`, CONSTRAINT_KEYS);
        for (const [k, v] of inner) {
          if (entries.has(k)) this.problem([...path, constraints.raw, v.raw], `${v.raw} 已经在上面写过`, undefined, { key: true });
          else entries.set(k, { raw: `${constraints.raw}.${v.raw}`, value: v.value });
        }
      }
    }
    const get = (k: string) => entries.get(k);
    const p = (k: string): Path => {
      const e = entries.get(k)!;
      return [...path, ...e.raw.split('.')];
    };
    const str = (k: string): string | undefined => {
      const e = get(k);
      if (!e) return undefined;
      if (typeof e.value === 'number') return String(e.value);
      if (typeof e.value !== 'string' || e.value.trim() === '') {
        this.problem(p(k), `${e.raw} 应为文字，实际为 ${describeValue(e.value)}`);
        return undefined;
      }
      return e.value.trim();
    };
    const bool = (k: string): boolean | undefined => {
      const e = get(k);
      if (!e) return undefined;
      if (typeof e.value !== 'boolean') {
        this.problem(p(k), `${e.raw} 应为 true（是）或 false（否），实际为 ${describeValue(e.value)}`);
        return undefined;
      }
      return e.value;
    };
    const num = (k: string, opts: { integer?: boolean; min?: number } = {}): number | undefined => {
      const e = get(k);
      if (!e) return undefined;
      const v = e.value;
      if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v)) || (opts.min !== undefined && v < opts.min)) {
        const kind = opts.integer ? (opts.min === 1 ? '正整数' : opts.min === 0 ? '非负整数' : '整数') : '数';
        this.problem(p(k), `${e.raw} 应为${kind}，实际为 ${describeValue(v)}`);
        return undefined;
      }
      return v;
    };
    const base = {
      name,
      path: dataPath,
      title: str('title') ?? name,
      ...(get('description') ? { description: str('description') ?? '' } : {}),
      required: bool('required') ?? true,
      at,
    };
    if (item && get('required')) this.problem(p('required'), '列表的每项不能写 required（必填）：项数用 minItems（最少项数）规定', undefined, { key: true });
    const range = (integer: boolean, lo?: number, hi?: number) => {
      const minimum = num('minimum', integer ? { integer } : {});
      const maximum = num('maximum', integer ? { integer } : {});
      if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
        this.problem(p('minimum'), `minimum（${minimum}）大于 maximum（${maximum}），没有值能满足`);
      }
      for (const [k, v] of [['minimum', minimum], ['maximum', maximum]] as const) {
        if (v !== undefined && ((lo !== undefined && v < lo) || (hi !== undefined && v > hi))) {
          this.problem(p(k), `${k} 应在 ${lo ?? '−∞'} 到 ${hi ?? '∞'} 之间，实际为 ${v}`);
        }
      }
      return { ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) };
    };
    const unit = (required: boolean, fallback?: string): string => {
      const u = str('unit');
      if (u !== undefined) return u;
      if (required && !get('unit')) {
        this.problem(path, `${what(name, item)}是 ${type}，要写 unit（单位），如 次、件、人次、万元`, '单位用在 report diff 的表格和同比的说法里（同比增加2次）', { key: !item });
      }
      return fallback ?? '';
    };
    switch (type) {
      case 'count':
        return { ...base, type, unit: unit(true), qualifier: bool('qualifier') ?? true, ...range(true, 0) };
      case 'percent':
        return { ...base, type, unit: '%', qualifier: bool('qualifier') ?? true, ...range(false, 0, 100) };
      case 'workdays':
        return { ...base, type, unit: unit(false, '个工作日'), qualifier: false, ...range(true, 0) };
      case 'amount':
        return { ...base, type, unit: unit(true), qualifier: bool('qualifier') ?? true, decimals: this.decimals(num('decimals', { integer: true, min: 0 })), ...range(false) };
      case 'year':
        return { ...base, type, ...range(true, 1949, 2999) };
      case 'date':
      case 'boolean':
        return { ...base, type };
      case 'line': {
        const e = get('enum');
        let choices: string[] | undefined;
        if (e) {
          if (!Array.isArray(e.value) || e.value.length === 0 || !e.value.every((x) => typeof x === 'string' || typeof x === 'number')) {
            this.problem(p('enum'), `${e.raw} 应为可选文字的列表（如 [是, 否]），实际为 ${describeValue(e.value)}`);
          } else choices = e.value.map(String);
        }
        return { ...base, type, maxLength: num('maxLength', { integer: true, min: 1 }) ?? 60, ...(choices ? { enum: choices } : {}) };
      }
      case 'paragraph':
        return { ...base, type, maxLength: num('maxLength', { integer: true, min: 1 }) ?? 2000 };
      case 'titled':
        return { ...base, type, titleMaxLength: num('titleMaxLength', { integer: true, min: 1 }) ?? 40, maxLength: num('maxLength', { integer: true, min: 1 }) ?? 2000 };
      case 'group': {
        const e = get('fields');
        if (!e || !isMap(e.value) || Object.keys(e.value).length === 0) {
          this.problem(e ? p('fields') : path, `组 ${name} 要有 fields（字段）：组里每个字段的声明`, undefined, { key: !e && !item });
          return null;
        }
        return { ...base, type, fields: this.fields(e.value, p('fields'), dataPath, false) };
      }
      case 'list': {
        const e = get('items');
        if (!e) {
          this.problem(path, `列表 ${name} 要写 items（每项）：每一项的类型，如 items: line 或 items: titled`, undefined, { key: !item });
          return null;
        }
        const items = this.field(name, e.value, p('items'), dataPath, true);
        if (!items) return null;
        if (items.type === 'list') {
          this.problem(p('items'), '列表的每项不能又是列表', '把每项写成 group（组），组里再放列表');
          return null;
        }
        const minItems = num('minItems', { integer: true, min: 0 });
        const maxItems = num('maxItems', { integer: true, min: 0 });
        if (minItems !== undefined && maxItems !== undefined && minItems > maxItems) {
          this.problem(p('minItems'), `minItems（${minItems}）大于 maxItems（${maxItems}），没有列表能满足`);
        }
        return {
          ...base,
          required: bool('required') ?? false,
          type,
          items,
          ...(minItems !== undefined ? { minItems } : {}),
          ...(maxItems !== undefined ? { maxItems } : {}),
        };
      }
    }
  }

  private decimals(n: number | undefined): number {
    return n === undefined ? 2 : Math.min(n, 6);
  }

  private type(value: unknown, path: Path): FieldType | null {
    if (typeof value === 'string') {
      for (const t of FIELD_TYPES) if (t === value || TYPE_ALIASES[t].includes(value)) return t;
    }
    const names = FIELD_TYPES.flatMap((t) => [t, ...TYPE_ALIASES[t]]);
    const near = typeof value === 'string' ? nearest(value, names) : undefined;
    this.problem(path, `不认识的类型 ${describeValue(value)}`, near ? `是不是想写 ${near}？` : `可用的类型：${typeList()}`);
    return null;
  }

  /** One rule; null (with problems noted) when it cannot be used. */
  private rule(value: unknown, path: Path, model: Model, index: number): RuleDecl | null {
    const declaredAt = this.parsed.locate(path);
    if (!isMap(value)) {
      this.problem(path, `规则应为一组“项: 值”，如 {check: 甲 <= 乙, message: …}，实际为 ${describeValue(value)}`);
      return null;
    }
    const e = this.keys(value, path, ['id', 'check', 'when', 'at', 'unique', 'message', 'hint'], '规则');
    const text = (k: string): string | undefined => {
      const x = e.get(k);
      if (!x) return undefined;
      if (typeof x.value !== 'string' || x.value.trim() === '') {
        this.problem([...path, x.raw], `${x.raw} 应为文字，实际为 ${describeValue(x.value)}`);
        return undefined;
      }
      return x.value.trim();
    };
    const id = text('id') ?? `${index + 1}`;
    if (!/^[\p{L}\p{N}_-]+$/u.test(id)) this.problem([...path, e.get('id')!.raw], `id 只能有文字、数字、- 和 _，实际为 "${id}"`);
    const message = text('message');
    const hint = text('hint');
    const checkText = text('check');
    const uniqueText = text('unique');
    if ((checkText === undefined) === (uniqueText === undefined)) {
      if (checkText !== undefined || !e.has('check') && !e.has('unique')) {
        this.problem(path, checkText !== undefined ? '一条规则只能写 check（检查）或 unique（不重复）中的一个' : '规则要写 check（检查，如 甲 <= 乙）或 unique（不重复，如 问题.标题）');
      }
      return null;
    }
    if (uniqueText !== undefined) {
      for (const k of ['when', 'at'] as const) if (e.has(k)) this.problem([...path, e.get(k)!.raw], `unique 规则不能写 ${e.get(k)!.raw}`, undefined, { key: true });
      const where = [...path, e.get('unique')!.raw];
      const parts = uniqueText.split('.');
      // The list is the longest leading part of the path that is a declared list.
      for (let n = parts.length; n >= 1; n--) {
        const f = fieldAt(model, parts.slice(0, n));
        if (f?.type !== 'list') continue;
        const rest = parts.slice(n);
        const item = f.items;
        const keyOk =
          rest.length === 0 ? item.type !== 'group' && item.type !== 'titled' :
          rest.length === 1 && (item.type === 'titled' ? rest[0] === '标题' || rest[0] === '内容' : item.type === 'group' && item.fields.some((x) => x.name === rest[0]));
        if (!keyOk) {
          this.problem(where, `unique 的 ${uniqueText}：列表 ${parts.slice(0, n).join('.')} 的每项${rest.length === 0 ? '是一组字段，要写出比较哪个字段，如 ' + parts.slice(0, n).join('.') + (item.type === 'titled' ? '.标题' : '.字段') : `没有字段 ${rest.join('.')}`}`, undefined, { at: this.inScalar(where, uniqueText, 0) });
          return null;
        }
        return {
          kind: 'unique',
          id,
          list: parts.slice(0, n),
          ...(rest[0] ? { key: rest[0] } : {}),
          message: message ?? '与前面的项重复',
          ...(hint ? { hint } : {}),
          reads: [parts.slice(0, n)],
          declaredAt,
        };
      }
      if (this.isBroken(parts)) return null;
      this.problem(where, `unique 要写一个列表（或列表每项里的字段），${uniqueText} 不是数据模型里的列表`, listHint(model), { at: this.inScalar(where, uniqueText, 0) });
      return null;
    }
    const checkPath = [...path, e.get('check')!.raw];
    const check = this.comparison(checkText!, checkPath, model);
    const whenText = text('when');
    const when = whenText !== undefined ? this.comparison(whenText, [...path, e.get('when')!.raw], model) : undefined;
    const atText = text('at');
    let at: readonly string[] | undefined;
    if (atText !== undefined) {
      const f = fieldAt(model, atText.split('.'));
      if (!f && this.isBroken(atText.split('.'))) return null;
      if (!f) this.problem([...path, e.get('at')!.raw], `at 的 ${atText} 不是数据模型里的字段`, fieldHint(atText, model));
      else at = atText.split('.');
    }
    if (!check || (whenText !== undefined && !when)) return null;
    const paths = [check.left, check.right, ...(when ? [when.left, when.right] : [])].flatMap((o) => ('path' in o ? [o.path] : []));
    if (paths.length === 0) {
      this.problem(checkPath, `check 的两边都是数，没有比较任何字段`);
      return null;
    }
    const target = at ?? ('path' in check.left ? check.left.path : paths[0]!);
    return {
      kind: 'compare',
      id,
      check,
      ...(when ? { when } : {}),
      at: target,
      message: message ?? defaultMessage(check, target, when ?? undefined),
      ...(hint ? { hint } : {}),
      reads: paths,
      declaredAt,
    };
  }

  /** `甲.乙 <= 丙`: two operands (fields or numbers) and an operator. */
  private comparison(text: string, path: Path, model: Model): Comparison | null {
    const m = /^(.+?)\s*(<=|>=|!=|==|≤|≥|≠|<|>|＜|＞|＝|=)\s*(.+)$/u.exec(text);
    if (!m) {
      this.problem(path, `“${text}”不是比较：写成 甲 <= 乙（可用 <、<=、>、>=、==、!=）`);
      return null;
    }
    const left = this.operand(m[1]!, path, text, 0, model);
    const rightStart = text.length - m[3]!.length;
    const right = this.operand(m[3]!, path, text, rightStart, model);
    return left && right ? { left, op: OPERATORS[m[2]!]!, right } : null;
  }

  private operand(raw: string, path: Path, whole: string, offset: number, model: Model): Operand | null {
    const s = raw.trim();
    if (/^-?\d+(\.\d+)?$/.test(s)) return { value: Number(s) };
    const parts = s.split('.');
    const f = fieldAt(model, parts);
    const at = this.inScalar(path, whole, offset + raw.indexOf(s));
    if (!f && this.isBroken(parts)) return null;
    if (!f) {
      this.problem(path, `规则用到了数据模型里没有的字段 ${s}`, fieldHint(s, model), { at });
      return null;
    }
    if (!['count', 'percent', 'workdays', 'amount', 'year', 'date', 'list'].includes(f.type)) {
      this.problem(path, `规则不能比较 ${s}：它是 ${f.type}，只有数、日期、年份和列表（比较项数）能比较`, undefined, { at });
      return null;
    }
    return { path: parts };
  }

  /** Whether the field at `parts` (or a group holding it) has a wrong declaration. */
  private isBroken(parts: readonly string[]): boolean {
    return parts.some((_, i) => this.broken.has(parts.slice(0, i + 1).join('.')));
  }

  /** The position of a character of a scalar's text, when the scalar is written plainly on one line. */
  private inScalar(path: Path, value: string, offset: number): Position {
    const p = this.parsed.locate(path);
    const lineText = this.text.split(/\r?\n/)[p.line - 1] ?? '';
    const from = [...lineText].slice(p.column - 1).join('');
    const quote = from.startsWith('"') || from.startsWith("'") ? 1 : 0;
    if (from.slice(quote).startsWith(value)) return { line: p.line, column: p.column + quote + [...value.slice(0, offset)].length };
    return p;
  }
}

function what(name: string, item: boolean): string {
  return item ? `列表 ${name} 的每项` : `字段 ${name} `;
}

function typeList(): string {
  return FIELD_TYPES.map((t) => `${t}（${TYPE_ALIASES[t][0]}）`).join('、');
}

function nearest(key: string, known: readonly string[]): string | undefined {
  const best = known.map((k) => ({ k, d: editDistance(k, key) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(1, Math.floor(Math.max([...best.k].length, [...key].length) / 2)) ? best.k : undefined;
}

function allPaths(model: Model): string[] {
  const out: string[] = [];
  const visit = (fs: readonly FieldDecl[]) => {
    for (const f of fs) {
      out.push(f.path.join('.'));
      if (f.type === 'group') visit(f.fields);
    }
  };
  visit(model.fields);
  return out;
}

function fieldHint(name: string, model: Model): string {
  const near = nearest(name, allPaths(model));
  return near ? `是不是想写 ${near}？` : '字段写成 组.字段 的路径，与 fields 里声明的一致';
}

function listHint(model: Model): string | undefined {
  const lists = allPaths(model).filter((p) => fieldAt(model, p.split('.'))?.type === 'list');
  return lists.length > 0 ? `数据模型里的列表：${lists.join('、')}` : undefined;
}

function operandText(o: Operand): string {
  return 'path' in o ? o.path.join('.') : String(o.value);
}

/** The message of a rule that declares none: （值）应小于 乙（值）. */
function defaultMessage(check: Comparison, target: readonly string[], when?: Comparison): string {
  const value = (o: Operand) => ('path' in o ? `{${o.path.join('.')}}` : String(o.value));
  const leftIsTarget = 'path' in check.left && check.left.path.join('.') === target.join('.');
  const other = 'path' in check.right ? `${operandText(check.right)}（${value(check.right)}）` : String(check.right.value);
  const core = leftIsTarget
    ? `（${value(check.left)}）${OPERATOR_WORDS[check.op]} ${other}`
    : `应满足 ${operandText(check.left)}（${value(check.left)}）${check.op} ${operandText(check.right)}${'path' in check.right ? `（${value(check.right)}）` : ''}`;
  if (!when) return core;
  return `${core}：${operandText(when.left)} 为 ${value(when.left)}`;
}
