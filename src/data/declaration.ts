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
import { fail, ok, ProblemList, type Diagnostic, type Result } from '../diagnostics.js';
import { describeValue, YES_NO } from './values.js';
import { editDistance } from './validate.js';
import { operandPaths } from './rules.js';
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
  short: ['简称'],
  compute: ['计算'],
  formerNames: ['旧名'],
  removedNames: ['已删去'],
  // a table
  cell: ['每格'],
  columns: ['列'],
  rows: ['行'],
  // a rule
  check: ['检查'],
  when: ['条件'],
  at: ['指向'],
  unique: ['不重复'],
  message: ['消息'],
  hint: ['提示'],
  id: ['编号'],
  severity: ['级别'],
  forEach: ['对每个'],
  mention: ['须提到'],
  text: ['文字'],
};

/** Rules one `forEach` may expand into (a declaration cannot ask for millions). */
const MAX_EXPANSIONS = 10_000;

/** The type name of a declared table (`type: table`), which is not a field type of its own: it declares groups of cells. */
const TABLE_TYPE = ['table', '表', '表格'];

/** Severities of a rule: 错误 (error, the default) or 警告 (warning). */
const SEVERITIES: Readonly<Record<string, 'error' | 'warning'>> = { error: 'error', 错误: 'error', warning: 'warning', 警告: 'warning' };

/** The numbering at the start of a row label: 三、 （三） 4. (kept when a nested row is named). */
const ROW_NUMBER = /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])/u;

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
  count: ['unit', 'qualifier', 'minimum', 'maximum', 'compute'],
  percent: ['qualifier', 'decimals', 'minimum', 'maximum', 'compute'],
  workdays: ['unit', 'minimum', 'maximum', 'compute'],
  amount: ['unit', 'qualifier', 'decimals', 'minimum', 'maximum', 'compute'],
  date: [],
  year: ['minimum', 'maximum'],
  line: ['maxLength', 'enum'],
  paragraph: ['maxLength'],
  boolean: [],
  group: ['fields', 'removedNames'],
  list: ['items', 'minItems', 'maxItems'],
  titled: ['maxLength', 'titleMaxLength'],
};
const COMMON_KEYS = ['type', 'title', 'description', 'required', 'constraints', 'short', 'formerNames'];
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
  属于: 'in',
  in: 'in',
  不属于: 'not in',
  'not in': 'not in',
};

/** Words of the default rule messages. */
const OPERATOR_WORDS: Readonly<Record<Operator, string>> = {
  '<=': '不能大于',
  '<': '应小于',
  '>=': '不能小于',
  '>': '应大于',
  '==': '应等于',
  '!=': '不能等于',
  in: '应属于',
  'not in': '不能属于',
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
  // Capped: the first 20 listed, the rest counted.
  private readonly problems = new ProblemList();
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
      message: this.speak(message),
      ...(hint ? { hint: this.speak(hint) } : {}),
      code: 'model.invalid',
    });
  }

  /**
   * Whether the author writes the declaration's keys in Chinese (字段、类型、单位 …, as report init's
   * models do): then messages name keys and types only by their Chinese names; otherwise by the
   * Chinese name with the English key after it (单位（unit）), so the clerk finds what they typed.
   */
  private get chineseKeys(): boolean {
    const root = this.parsed.value;
    return !isMap(root) || !Object.keys(root).some((k) => ['fields', 'rules', 'title', 'description'].includes(k));
  }

  /**
   * A message in the author's vocabulary: the declaration's keys (`unit（单位）`, `minimum`) and type
   * names (`count`) in the messages below are written in English; each becomes its Chinese name (with
   * the English after it for an author who writes English keys). In an example (`{type: count, unit:
   * 次}`) a Chinese author gets the example in Chinese keys, an English author the example as it is.
   */
  private speak(text: string): string {
    const zh = this.chineseKeys;
    const keyWord = (k: string) => KEY_ALIASES[k]?.[0] ?? k;
    const typeWord = (t: string) => TYPE_ALIASES[t as FieldType]?.[0] ?? t;
    const keys = Object.keys(KEY_ALIASES).sort((a, b) => b.length - a.length).join('|');
    const types = (FIELD_TYPES as readonly string[]).join('|');
    // Examples in braces or after "写成"/"如": keys and types as the author writes them.
    const example = new RegExp(`\\{[^{}]*\\}|(?<=如 +|写成 +|或 +)(?:${keys}): *[^，。；）\\s]+`, 'gu');
    const parts: string[] = [];
    let last = 0;
    for (const m of text.matchAll(example)) {
      parts.push(this.speakProse(text.slice(last, m.index), keys, types, keyWord, typeWord, zh));
      parts.push(zh ? m[0].replace(new RegExp(`(?<![\\p{L}])(${keys})(?=:)`, 'gu'), (k) => keyWord(k)).replace(new RegExp(`(?<=: *)(${types})(?![\\p{L}])`, 'gu'), (t) => typeWord(t)) : m[0]);
      last = m.index + m[0].length;
    }
    parts.push(this.speakProse(text.slice(last), keys, types, keyWord, typeWord, zh));
    return parts.join('');
  }

  /** Prose: `unit（单位）` and a bare `minimum` become 单位 / 最小值 (with the English after it for an English author). */
  private speakProse(text: string, keys: string, types: string, keyWord: (k: string) => string, typeWord: (t: string) => string, zh: boolean): string {
    const say = (word: string, en: string) => (zh ? word : `${word}（${en}）`);
    return text
      .replace(new RegExp(`(?<![\\p{L}\\d_{])(${keys})（([^）]*)）`, 'gu'), (whole, k: string, inside: string) => (KEY_ALIASES[k]!.includes(inside) ? say(keyWord(k), k) : `${say(keyWord(k), k)}（${inside}）`))
      .replace(new RegExp(`(?<![\\p{L}\\d_{（])(${keys})(?![\\p{L}\\d_（:])`, 'gu'), (k: string) => say(keyWord(k), k))
      .replace(new RegExp(`(?<![\\p{L}\\d_{])(${types})（([^）]*)）`, 'gu'), (whole, t: string, inside: string) => (TYPE_ALIASES[t as FieldType]!.includes(inside) ? say(typeWord(t), t) : whole))
      .replace(new RegExp(`(?<![\\p{L}\\d_{（])(${types})(?![\\p{L}\\d_（:])`, 'gu'), (t: string) => say(typeWord(t), t));
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
      return fail(this.problems.list());
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
          rules.push(...this.rules(r, [rulesEntry.raw, i], withDocument, i));
        });
      }
    }
    void model0;
    const all = makeModel(this.file, fields, []);
    for (const c of this.computes) {
      for (const t of c.terms) {
        const f = fieldAt(all, t);
        if (f && ['count', 'percent', 'workdays', 'amount'].includes(f.type)) continue;
        if (this.isBroken(t)) continue;
        this.problem(c.where, f ? `计算 “${c.text}” 里的 ${t.join('.')} 不是数，不能相加` : `计算 “${c.text}” 用到了数据模型里没有的字段 ${t.join('.')}`, fieldHint(t.join('.'), all));
      }
    }
    if (this.problems.length > 0) return fail(this.problems.list());
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
    if (typeof typeEntry[1] === 'string' && TABLE_TYPE.includes(typeEntry[1]) && !item) return this.table(name, decl, path, dataPath);
    const type = this.type(typeEntry[1], [...path, typeEntry[0]]);
    if (!type) return null;
    if (type === 'titled' && !item) {
      this.problem([...path, typeEntry[0]], `类型 titled（标题内容） 只能用作列表的每项：写成 {type: list, items: titled}`);
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
      if (typeof e.value === 'string' && Object.hasOwn(YES_NO, e.value.trim())) return YES_NO[e.value.trim()];
      if (typeof e.value !== 'boolean') {
        this.problem(p(k), `${e.raw} 应为 是 或 否（也可以写 true 或 false），实际为 ${describeValue(e.value)}`);
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
    const computeText = str('compute');
    const compute = computeText === undefined ? undefined : this.computeTerms(computeText, p('compute'), dataPath.slice(0, -1), []);
    const short = str('short');
    const former = get('formerNames') ? this.formerNames(get('formerNames')!, p('formerNames'), name) : undefined;
    const base = {
      name,
      path: dataPath,
      title: str('title') ?? name,
      ...(former ? { formerNames: former } : {}),
      ...(get('description') ? { description: str('description') ?? '' } : {}),
      // A derived figure may be left out: it is then computed.
      required: bool('required') ?? compute === undefined,
      at,
      ...(short !== undefined ? { short } : {}),
      ...(compute ? { compute: { terms: compute } } : {}),
    };
    if (item && get('required')) this.problem(p('required'), '列表的每项不能写 required（必填）：项数用 minItems（最少项数）规定', undefined, { key: true });
    const range = (integer: boolean, lo?: number, hi?: number) => {
      const minimum = num('minimum', integer ? { integer } : {});
      const maximum = num('maximum', integer ? { integer } : {});
      if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
        this.problem(p('minimum'), `${entries.get('minimum')!.raw} ${minimum} 大于 ${entries.get('maximum')!.raw} ${maximum}，没有值能满足`, `把两个数对调，或改正写错的一个`);
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
        return { ...base, type, unit: '%', qualifier: bool('qualifier') ?? true, decimals: this.decimals(num('decimals', { integer: true, min: 0 })), ...range(false, 0, 100) };
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
        const removed = get('removedNames') ? this.formerNames(get('removedNames')!, p('removedNames'), name) : undefined;
        return { ...base, type, fields: this.fields(e.value, p('fields'), dataPath, false), ...(removed ? { removedNames: removed } : {}) };
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
          this.problem(p('minItems'), `${entries.get('minItems')!.raw} ${minItems} 大于 ${entries.get('maxItems')!.raw} ${maxItems}，没有列表能满足`, `把两个数对调，或改正写错的一个`);
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

  /** Derived figures to check once every field is read: each term must be a declared figure. */
  private readonly computes: { terms: readonly (readonly string[])[]; where: Path; text: string }[] = [];

  /**
   * The terms of a `计算` (`甲 + 乙 + 丙`), each a path relative to `base` (the group holding the
   * field) with `suffix` appended (a table's column). Checked in {@link read} once all fields exist.
   */
  private computeTerms(text: string, where: Path, base: readonly string[], suffix: readonly string[]): string[][] | undefined {
    const parts = text.split('+').map((t) => t.trim());
    if (parts.some((t) => t === '' || /[\s\-*/()]/u.test(t))) {
      this.problem(where, `计算 应写成用 + 相加的字段，如 甲 + 乙 + 丙（字段是同一组里的，组里的再用点），实际为 “${text}”`);
      return undefined;
    }
    const terms = parts.map((t) => [...base, ...t.split('.'), ...suffix]);
    this.computes.push({ terms, where, text });
    return terms;
  }

  /**
   * A declared table (`type: table`): `rows` (行) of `columns` (列), every cell a field of the type
   * `cell` (每格) declares. Rows may have rows of their own (a group of rows) and their own
   * columns; a column or a row may be `计算` (the sum of other columns of its row, or of other rows
   * of its column). It becomes ordinary groups (table → rows → cells), each cell labelled with its
   * row and column for messages and `report diff`.
   */
  private table(name: string, decl: Record<string, unknown>, path: Path, dataPath: readonly string[]): FieldDecl | null {
    const e = this.keys(decl, path, ['type', 'title', 'description', 'short', 'formerNames', 'removedNames', 'cell', 'columns', 'rows'], `表 ${name} `);
    const text = (k: string): string | undefined => {
      const x = e.get(k);
      return x && typeof x.value === 'string' && x.value.trim() !== '' ? x.value.trim() : undefined;
    };
    const title = text('title') ?? name;
    const cellEntry = e.get('cell');
    const cell = cellEntry === undefined ? { type: 'count', unit: '件', qualifier: false } : typeof cellEntry.value === 'string' ? { type: cellEntry.value } : cellEntry.value;
    if (!isMap(cell)) {
      this.problem([...path, cellEntry!.raw], `每格 应为每个格子的声明（如 {类型: 计数, 单位: 件}），实际为 ${describeValue(cellEntry!.value)}`);
      return null;
    }
    const colsEntry = e.get('columns');
    const rowsEntry = e.get('rows');
    if (!rowsEntry || !isMap(rowsEntry.value)) {
      this.problem(rowsEntry ? [...path, rowsEntry.raw] : path, `表 ${name} 要写 行（rows）：每行的名字和名称`, undefined, { key: !rowsEntry });
      return null;
    }
    const at = this.parsed.locate(path, { key: true });
    const columnsOf = (entry: { raw: string; value: unknown } | undefined, where: Path): [string, Record<string, unknown>, Path][] | null => {
      if (!entry) return null;
      if (!isMap(entry.value) || Object.keys(entry.value).length === 0) {
        this.problem([...where, entry.raw], `列 应为每列的名字（列名: 声明，或 列名: 不写），实际为 ${describeValue(entry.value)}`);
        return null;
      }
      return Object.entries(entry.value).map(([k, v]) => [k, isMap(v) ? v : {}, [...where, entry.raw, k]]);
    };
    const tableColumns = columnsOf(colsEntry, path);
    const rows = (value: Record<string, unknown>, where: Path, rowPath: readonly string[], prefix: string, inherited: ReturnType<typeof columnsOf>): FieldDecl[] => {
      const out: FieldDecl[] = [];
      for (const [rowName, rowDecl0] of Object.entries(value)) {
        const rowWhere: Path = [...where, rowName];
        if (!this.name(rowName, rowWhere)) continue;
        const rowDecl = isMap(rowDecl0) ? rowDecl0 : {};
        const re = this.keys(rowDecl, rowWhere, ['title', 'description', 'short', 'formerNames', 'removedNames', 'compute', 'rows', 'columns'], `表 ${name} 的行 ${rowName} `);
        const rowFormer = re.get('formerNames') ? this.formerNames(re.get('formerNames')!, [...rowWhere, re.get('formerNames')!.raw], rowName) : undefined;
        const rowRemoved = re.get('removedNames') ? this.formerNames(re.get('removedNames')!, [...rowWhere, re.get('removedNames')!.raw], rowName) : undefined;
        const rowTitle = typeof re.get('title')?.value === 'string' ? String(re.get('title')!.value) : rowName;
        const rowShort = typeof re.get('short')?.value === 'string' ? String(re.get('short')!.value) : undefined;
        const here = [...rowPath, rowName];
        const base = {
          name: rowName,
          path: here,
          title: rowTitle,
          required: true,
          at: this.parsed.locate(rowWhere, { key: true }),
          ...(rowShort ? { short: rowShort } : {}),
          ...(rowFormer ? { formerNames: rowFormer } : {}),
          ...(rowRemoved ? { removedNames: rowRemoved } : {}),
        };
        const sub = re.get('rows');
        if (sub) {
          if (!isMap(sub.value)) {
            this.problem([...rowWhere, sub.raw], `行 应为下一层的行（行名: 声明），实际为 ${describeValue(sub.value)}`);
            continue;
          }
          const number = ROW_NUMBER.exec(rowTitle)?.[0];
          const fields = rows(sub.value, [...rowWhere, sub.raw], here, number ? `${prefix}${number}` : `${prefix}${rowTitle}·`, columnsOf(re.get('columns'), rowWhere) ?? inherited);
          out.push({ ...base, type: 'group', fields });
          continue;
        }
        const columns = columnsOf(re.get('columns'), rowWhere) ?? inherited;
        if (!columns) {
          this.problem(rowWhere, `表 ${name} 的行 ${rowName} 没有列：在表上写 列（columns），或在这一行写它自己的列`, undefined, { key: true });
          continue;
        }
        const rowCompute = re.get('compute');
        const label = `${prefix}${rowTitle}`;
        const cells: FieldDecl[] = [];
        for (const [colName, colDecl, colWhere] of columns) {
          if (!this.name(colName, colWhere)) continue;
          const { title: colTitle0, 名称: colTitle1, compute: c0, 计算: c1, short: s0, 简称: s1, ...over } = colDecl;
          const colTitle = typeof (colTitle0 ?? colTitle1) === 'string' ? String(colTitle0 ?? colTitle1) : colName;
          const colCompute = c0 ?? c1;
          const f = this.field(colName, { ...cell, ...over }, colWhere, [...here, colName], false);
          if (!f) continue;
          let compute: FieldDecl['compute'];
          if (typeof colCompute === 'string') {
            const terms = this.computeTerms(colCompute, colWhere, here, []);
            if (terms) compute = { terms, scope: `${label} 一行` };
          } else if (rowCompute && typeof rowCompute.value === 'string') {
            const terms = this.computeTerms(rowCompute.value, [...rowWhere, rowCompute.raw], rowPath, [colName]);
            if (terms) compute = { terms, scope: `${colTitle} 一列` };
          }
          const colShort = typeof (s0 ?? s1) === 'string' ? String(s0 ?? s1) : undefined;
          cells.push({
            ...f,
            title: `${label} × ${colTitle}`,
            cell: { table: title, row: label, column: colTitle },
            ...(compute ? { compute, required: false } : {}),
            ...(colShort ? { short: colShort } : {}),
          } as FieldDecl);
        }
        // A row of derived figures only (a 总计 row) may be left out as a whole.
        out.push({ ...base, ...(cells.length > 0 && cells.every((c) => c.compute) ? { required: false } : {}), type: 'group', fields: cells });
      }
      return out;
    };
    const fields = rows(rowsEntry.value, [...path, rowsEntry.raw], dataPath, '', tableColumns);
    if (fields.length === 0) return null;
    const former = e.get('formerNames') ? this.formerNames(e.get('formerNames')!, [...path, e.get('formerNames')!.raw], name) : undefined;
    const removed = e.get('removedNames') ? this.formerNames(e.get('removedNames')!, [...path, e.get('removedNames')!.raw], name) : undefined;
    return { name, path: dataPath, title, required: true, at, type: 'group', fields, ...(former ? { formerNames: former } : {}), ...(removed ? { removedNames: removed } : {}) };
  }

  /**
   * `旧名` (formerNames): names a field (a table's row or column) had in an older format, each with
   * where it comes from: `[规范性文件]`, or `{规范性文件: 2019年格式}`. A data file that still uses
   * one is read under the current name, with a warning that names both. `已删去` (removedNames, on a
   * group, a table or a row) is written the same way: items an older format had and the current
   * one dropped, which a data file may still carry (left out, with a warning).
   */
  private formerNames(entry: { raw: string; value: unknown }, where: Path, own: string): Record<string, string> | undefined {
    const v = entry.value;
    const pairs: [string, unknown][] = Array.isArray(v) ? v.map((x) => [String(x), '']) : isMap(v) ? Object.entries(v) : [];
    if (pairs.length === 0 || (Array.isArray(v) && !v.every((x) => typeof x === 'string' || typeof x === 'number'))) {
      this.problem(where, `${entry.raw} 应为旧的名字的列表（如 [规范性文件]），或 {旧的名字: 出处}，实际为 ${describeValue(v)}`);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [name, note] of pairs) {
      if (!this.name(name, isMap(v) ? [...where, name] : where)) return undefined;
      if (name === own) {
        this.problem(where, `${entry.raw} 里的 ${name} 就是这个字段现在的名字`);
        return undefined;
      }
      if (note !== null && note !== '' && typeof note !== 'string') {
        this.problem([...where, name], `旧名 ${name} 的出处应为文字（如 2019 年格式），实际为 ${describeValue(note)}`);
        return undefined;
      }
      out[name] = typeof note === 'string' ? note.trim() : '';
    }
    return out;
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

  /**
   * One declared rule, or several: `forEach` (对每个: {列: [甲, 乙]}) repeats it for each value,
   * `{列}` in its texts standing for the value (several names: every combination).
   */
  private rules(value: unknown, path: Path, model: Model, index: number): RuleDecl[] {
    if (!isMap(value)) {
      this.problem(path, `规则应为一组“项: 值”，如 {check: 甲 <= 乙, message: …}，实际为 ${describeValue(value)}`);
      return [];
    }
    const key = Object.keys(value).find((k) => this.canonical(k, ['forEach']));
    if (key === undefined) {
      const r = this.rule(value, path, model, index, {});
      return r ? [r] : [];
    }
    const each = value[key];
    const where = [...path, key];
    if (!isMap(each) || Object.keys(each).length === 0 || !Object.values(each).every((v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' || typeof x === 'number'))) {
      this.problem(where, `对每个 应写成 {名字: [值, 值, …]}，规则里的 {名字} 依次换成每个值，实际为 ${describeValue(each)}`, '如  对每个: {列: [男, 女, 合计]}');
      return [];
    }
    const count = Object.values(each).reduce((n: number, vs) => n * (vs as unknown[]).length, 1);
    if (count > MAX_EXPANSIONS) {
      this.problem(where, `对每个 会把这条规则写成 ${count} 条，最多 ${MAX_EXPANSIONS} 条`, '把它分成几条规则，或减少值的个数');
      return [];
    }
    let combos: Record<string, string>[] = [{}];
    for (const [name, vs] of Object.entries(each)) combos = combos.flatMap((c) => (vs as unknown[]).map((v) => ({ ...c, [name]: String(v) })));
    const { [key]: _each, ...rest } = value;
    const out: RuleDecl[] = [];
    const before = this.problems.length;
    for (const c of combos) {
      const r = this.rule(rest, path, model, index, c);
      if (r) out.push(r);
      // One mistake in the rule's text is one message, not one per value.
      if (this.problems.length > before) return [];
    }
    return out;
  }

  /** One rule with `vars` substituted; null (with problems noted) when it cannot be used. */
  private rule(value: Record<string, unknown>, path: Path, model: Model, index: number, vars: Record<string, string>): RuleDecl | null {
    const declaredAt = this.parsed.locate(path);
    const e = this.keys(value, path, ['id', 'check', 'when', 'at', 'unique', 'mention', 'text', 'severity', 'message', 'hint', 'forEach'], '规则');
    const subst = (t: string) => t.replace(/\{([^{}\s]+)\}/gu, (whole, n: string) => vars[n] ?? whole);
    const text = (k: string): string | undefined => {
      const x = e.get(k);
      if (!x) return undefined;
      if (typeof x.value === 'number') return String(x.value);
      if (typeof x.value !== 'string' || x.value.trim() === '') {
        this.problem([...path, x.raw], `${x.raw} 应为文字，实际为 ${describeValue(x.value)}`);
        return undefined;
      }
      return subst(x.value.trim().replace(/\s*\n\s*/gu, ' '));
    };
    const id = text('id') ?? `${index + 1}`;
    if (!/^[\p{L}\p{N}_-]+$/u.test(id)) this.problem([...path, e.get('id')!.raw], `id 只能有文字、数字、- 和 _，实际为 "${id}"`);
    const message = text('message');
    const hint = text('hint');
    // {路径} in the clerk's message stands for a field's value: one the model does not have would be printed as it is.
    for (const k of ['message', 'hint'] as const) {
      const x = e.get(k);
      const filled = k === 'message' ? message : hint;
      if (!x || filled === undefined) continue;
      for (const m of filled.matchAll(/\{([^{}+\-\s]+)(?:\s*[+-]\s*\d+)?\}/gu)) {
        const name = m[1]!;
        const fieldPath = name.replace(/^上年\./u, '').split('.');
        if (name === '算式' || fieldAt(model, fieldPath) || this.isBroken(fieldPath)) continue;
        const raw = String(x.value).trim();
        const offset = raw.indexOf(`{${name}`);
        this.problem(
          [...path, x.raw],
          `${x.raw} 里的 {${name}} 不是数据模型里的字段：{ } 里要写字段的路径，出错时换成它的值，否则会原样印出“{${name}}”`,
          fieldHint(fieldPath.join('.'), model),
          { at: this.inScalar([...path, x.raw], raw, offset < 0 ? 0 : offset) },
        );
        return null;
      }
    }
    const sev = e.get('severity');
    let severity: 'error' | 'warning' = 'error';
    if (sev) {
      const v = typeof sev.value === 'string' ? SEVERITIES[sev.value] : undefined;
      if (!v) this.problem([...path, sev.raw], `${sev.raw} 只能是 错误（error）或 警告（warning），实际为 ${describeValue(sev.value)}`);
      else severity = v;
    }
    const common = { id, ...(hint ? { hint } : {}), declaredAt, severity };
    const kinds = ['check', 'unique', 'mention'].filter((k) => e.has(k));
    if (kinds.length !== 1) {
      this.problem(path, kinds.length > 1 ? '一条规则只能写 check（检查）、unique（不重复）、mention（须提到）中的一个' : '规则要写 check（检查，如 甲 <= 乙）、unique（不重复，如 问题.标题）或 mention（须提到，如 收费）');
      return null;
    }
    if (e.has('text') && !e.has('mention')) this.problem([...path, e.get('text')!.raw], `${e.get('text')!.raw} 只用于 mention（须提到）的规则`, undefined, { key: true });
    if (e.has('mention')) {
      const m = e.get('mention')!;
      const words = (Array.isArray(m.value) ? m.value : [m.value]).map((w) => (typeof w === 'string' || typeof w === 'number' ? subst(String(w).trim()) : ''));
      if (words.length === 0 || words.some((w) => w === '')) {
        this.problem([...path, m.raw], `${m.raw} 应为要提到的词语（一个，或几个的列表：提到其中之一即可），实际为 ${describeValue(m.value)}`);
        return null;
      }
      for (const k of ['when', 'at'] as const) if (e.has(k)) this.problem([...path, e.get(k)!.raw], `mention 规则不能写 ${e.get(k)!.raw}`, undefined, { key: true });
      const t = text('text');
      if (t === undefined) {
        if (!e.has('text')) this.problem(path, `mention（须提到）的规则要写 text（文字）：哪个字段的文字要提到 ${words.join('、')}`);
        return null;
      }
      const f = fieldAt(model, t.split('.'));
      if (!f) {
        if (!this.isBroken(t.split('.'))) this.problem([...path, e.get('text')!.raw], `text 的 ${t} 不是数据模型里的字段`, fieldHint(t, model));
        return null;
      }
      return { ...common, kind: 'mention', text: t.split('.'), words, message: message ?? `没有提到 ${words.join('、')}`, reads: [], usesPrevious: false };
    }
    const checkText = text('check');
    const uniqueText = text('unique');
    if (checkText === undefined && uniqueText === undefined) return null;
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
          ...common,
          kind: 'unique',
          list: parts.slice(0, n),
          ...(rest[0] ? { key: rest[0] } : {}),
          message: message ?? '与前面的项重复',
          reads: [parts.slice(0, n)],
          usesPrevious: false,
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
    const read = [check.left, check.right, ...(when ? [when.left, when.right] : [])].flatMap((o) => operandPaths(o));
    if (read.length === 0) {
      this.problem(checkPath, `check 的两边都是数，没有比较任何字段`);
      return null;
    }
    const paths = read.filter((r) => !r.previous).map((r) => r.path);
    const target = at ?? ('path' in check.left && !check.left.previous ? check.left.path : paths[0] ?? read[0]!.path);
    return {
      ...common,
      kind: 'compare',
      check,
      ...(when ? { when } : {}),
      at: target,
      message: message ?? ('sum' in check.left || 'sum' in check.right ? '{算式}' : defaultMessage(check, target, when ?? undefined)),
      reads: paths,
      usesPrevious: read.some((r) => r.previous),
    };
  }

  /** `甲.乙 <= 丙 + 丁`: two sides (fields, numbers, sums, 字数(字段)) and an operator; `甲 属于 [文字, 文字]`. */
  private comparison(text: string, path: Path, model: Model): Comparison | null {
    const inList = /^(.+?)\s+(属于|不属于|in|not in)\s*\[(.*)\]$/u.exec(text);
    if (inList) {
      const s = inList[1]!.trim();
      const f = fieldAt(model, s.split('.'));
      if (!f) {
        if (!this.isBroken(s.split('.'))) this.problem(path, `规则用到了数据模型里没有的字段 ${s}`, fieldHint(s, model), { at: this.inScalar(path, text, 0) });
        return null;
      }
      if (f.type !== 'line') {
        this.problem(path, `${inList[2]} 只能用于一行文字的字段，${s} 是 ${f.type}`, undefined, { at: this.inScalar(path, text, 0) });
        return null;
      }
      const texts = inList[3]!.split(/[,，、]/u).map((x) => x.trim()).filter((x) => x !== '');
      return { left: { path: s.split('.') }, op: OPERATORS[inList[2]!]!, right: { texts } };
    }
    const m = /^(.+?)\s*(<=|>=|!=|==|≤|≥|≠|<|>|＜|＞|＝|=)\s*(.+)$/u.exec(text);
    if (!m) {
      this.problem(path, `“${text}”不是比较：写成 甲 <= 乙（可用 <、<=、>、>=、==、!=）`);
      return null;
    }
    const left = this.side(m[1]!, path, text, 0, model);
    const rightStart = text.length - m[3]!.length;
    const right = this.side(m[3]!, path, text, rightStart, model);
    return left && right ? { left, op: OPERATORS[m[2]!]!, right } : null;
  }

  /** One side of a comparison: an operand, or a sum `甲 + 乙 - 丙`. */
  private side(raw: string, path: Path, whole: string, offset: number, model: Model): Operand | null {
    const pieces = raw.split(/(\s[+-]\s|\+)/u);
    if (pieces.length === 1) return this.operand(raw, path, whole, offset, model);
    const sum: { sign: 1 | -1; term: Operand }[] = [];
    let sign: 1 | -1 = 1;
    let at = offset;
    let ok = true;
    for (const piece of pieces) {
      if (/^\s?[+-]\s?$/u.test(piece)) sign = piece.trim() === '-' ? -1 : 1;
      else {
        const term = this.operand(piece, path, whole, at, model);
        if (term) sum.push({ sign, term });
        else ok = false;
      }
      at += piece.length;
    }
    return ok ? { sum } : null;
  }

  private operand(raw: string, path: Path, whole: string, offset: number, model: Model): Operand | null {
    const s = raw.trim();
    if (/^-?\d+(\.\d+)?$/.test(s)) return { value: Number(s) };
    const at = this.inScalar(path, whole, offset + raw.indexOf(s));
    const length = /^(?:字数|length)[(（]\s*(.+?)\s*[)）]$/u.exec(s);
    if (length) {
      const parts = length[1]!.split('.');
      const f = fieldAt(model, parts);
      if (!f && this.isBroken(parts)) return null;
      if (!f || !['line', 'paragraph', 'list', 'group', 'titled'].includes(f.type)) {
        this.problem(path, f ? `字数() 只能数文字字段的字数，${length[1]} 是 ${f.type}` : `规则用到了数据模型里没有的字段 ${length[1]}`, f ? undefined : fieldHint(length[1]!, model), { at });
        return null;
      }
      return { length: parts };
    }
    const product = /^(\d+(?:\.\d+)?)\s*[*×]\s*(.+)$/u.exec(s);
    if (product) {
      const term = this.operand(product[2]!, path, whole, offset + raw.indexOf(product[2]!), model);
      if (!term) return null;
      if (!('path' in term) || !['count', 'percent', 'workdays', 'amount'].includes(fieldAt(model, term.path)?.type ?? '')) {
        this.problem(path, `${product[1]} × 后面应为一个数的字段，实际为 ${product[2]}`, undefined, { at });
        return null;
      }
      return { factor: Number(product[1]), term };
    }
    const previous = /^(?:上年|previous)\./u.test(s);
    const parts = (previous ? s.replace(/^(?:上年|previous)\./u, '') : s).split('.');
    const f = fieldAt(model, parts);
    if (!f && this.isBroken(parts)) return null;
    if (!f) {
      this.problem(path, `规则用到了数据模型里没有的字段 ${s}`, fieldHint(parts.join('.'), model), { at });
      return null;
    }
    if (!['count', 'percent', 'workdays', 'amount', 'year', 'date', 'list'].includes(f.type)) {
      this.problem(path, `规则不能比较 ${s}：它是 ${f.type}，只有数、日期、年份和列表（比较项数）能比较`, '文字的长短写成 字数(字段)', { at });
      return null;
    }
    return previous ? { path: parts, previous: true } : { path: parts };
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
  if ('path' in o) return `${o.previous ? '上年.' : ''}${o.path.join('.')}`;
  if ('value' in o) return String(o.value);
  if ('length' in o) return `字数(${o.length.join('.')})`;
  if ('texts' in o) return `[${o.texts.join('、')}]`;
  if ('factor' in o) return `${o.factor} × ${operandText(o.term)}`;
  return o.sum.map((t, i) => `${i === 0 ? (t.sign < 0 ? '-' : '') : t.sign < 0 ? ' - ' : ' + '}${operandText(t.term)}`).join('');
}

/** The message of a rule that declares none: （值）应小于 乙（值）. */
function defaultMessage(check: Comparison, target: readonly string[], when?: Comparison): string {
  const value = (o: Operand) => ('path' in o && !o.previous ? `{${o.path.join('.')}}` : 'value' in o ? String(o.value) : operandText(o));
  const leftIsTarget = 'path' in check.left && check.left.path.join('.') === target.join('.');
  const other = 'path' in check.right ? `${operandText(check.right)}（${value(check.right)}）` : operandText(check.right);
  const core = leftIsTarget
    ? `（${value(check.left)}）${OPERATOR_WORDS[check.op]} ${other}`
    : `应满足 ${operandText(check.left)}（${value(check.left)}）${check.op} ${operandText(check.right)}${'path' in check.right && !check.right.previous ? `（${value(check.right)}）` : ''}`;
  if (!when) return core;
  return `${core}：${operandText(when.left)} 为 ${value(when.left)}`;
}
