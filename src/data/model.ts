/**
 * A project's data model: what every field of a year's data file is (its type, its label as people
 * say it, its unit, whether it is required, its limits) and the cross-field rules, as read from the
 * project's declaration (`model.yaml`, see declaration.ts and docs/declaration.md). The model is
 * compiled into one zod schema when the project loads; `report diff`, the 同比 helpers, `report text`
 * and the messages all read labels and units from it. Nothing here knows any particular report.
 */
import { z } from 'zod';
import type { Position } from './parse-yaml.js';
import { amount, count, flag, isoDate, line, list, optional, paragraph, percent, workdays, year } from './values.js';

/** The types a declared field can have (see docs/declaration.md for what each accepts). */
export const FIELD_TYPES = [
  'count',
  'percent',
  'workdays',
  'amount',
  'date',
  'year',
  'line',
  'paragraph',
  'boolean',
  'group',
  'list',
  'titled',
] as const;
/** One of {@link FIELD_TYPES}. */
export type FieldType = (typeof FIELD_TYPES)[number];

/** Types whose values are figures that `report diff` and 同比 compare. */
export const METRIC_TYPES: readonly FieldType[] = ['count', 'percent', 'workdays', 'amount'];

/** What every declared field has. */
interface FieldBase {
  /** The key in the data file (the last part of the path). */
  readonly name: string;
  /** Where the field sits in the data: `['行政', '次数']`; list items add nothing. */
  readonly path: readonly string[];
  /** The label people use (`report diff`, messages); the name when none is declared. */
  readonly title: string;
  readonly description?: string;
  /** Absent (or `~`) is an error; otherwise absent is null (lists: an absent list is empty). */
  readonly required: boolean;
  /** Where the field is declared (file:line:column of its name). */
  readonly at: Position;
  /** A short name for arithmetic in messages (`简称`), e.g. 新收 for 本年新收到的申请数量. */
  readonly short?: string;
  /**
   * Names the field had in an older format (`旧名`), each with where it comes from (may be '').
   * A data file using one is read under the current name, with a warning.
   */
  readonly formerNames?: Readonly<Record<string, string>>;
  /**
   * On a group (a table, a row of a table): items an older format had and the current one dropped
   * (`已删去`), each with where it comes from; a data file carrying one anywhere in the group is
   * read without it, with a warning.
   */
  readonly removedNames?: Readonly<Record<string, string>>;
  /** For a cell of a declared table (`type: table`): the table's, row's and column's labels. */
  readonly cell?: { readonly table: string; readonly row: string; readonly column: string };
  /**
   * A derived figure (`计算`): the paths of the figures it is the sum of. Left out of the data it
   * is filled in; given, it is checked against the sum.
   */
  readonly compute?: {
    /** The fields summed (full paths). */
    readonly terms: readonly (readonly string[])[];
    /** What the sum runs along, for messages: `男 一列`, `二、（一）新收 一行`. */
    readonly scope?: string;
  };
}

/** A declared field. */
export type FieldDecl =
  | (FieldBase & { readonly type: 'count'; readonly unit: string; readonly qualifier: boolean; readonly minimum?: number; readonly maximum?: number })
  | (FieldBase & { readonly type: 'percent'; readonly unit: '%'; readonly qualifier: boolean; readonly decimals: number; readonly minimum?: number; readonly maximum?: number })
  | (FieldBase & { readonly type: 'workdays'; readonly unit: string; readonly qualifier: false; readonly minimum?: number; readonly maximum?: number })
  | (FieldBase & {
      readonly type: 'amount';
      readonly unit: string;
      readonly qualifier: boolean;
      readonly decimals: number;
      readonly minimum?: number;
      readonly maximum?: number;
    })
  | (FieldBase & { readonly type: 'date' })
  | (FieldBase & { readonly type: 'year'; readonly minimum?: number; readonly maximum?: number })
  | (FieldBase & { readonly type: 'line'; readonly maxLength: number; readonly enum?: readonly string[] })
  | (FieldBase & { readonly type: 'paragraph'; readonly maxLength: number })
  | (FieldBase & { readonly type: 'boolean' })
  | (FieldBase & { readonly type: 'group'; readonly fields: readonly FieldDecl[] })
  | (FieldBase & { readonly type: 'list'; readonly items: FieldDecl; readonly minItems?: number; readonly maxItems?: number })
  | (FieldBase & { readonly type: 'titled'; readonly titleMaxLength: number; readonly maxLength: number });

/** A declared figure (a field `report diff` and 同比 compare by value). */
export type MetricField = Extract<FieldDecl, { type: 'count' | 'percent' | 'workdays' | 'amount' }>;

/** Comparison operators of cross-field rules (`in`: a text is one of a list of texts). */
export type Operator = '<=' | '<' | '>=' | '>' | '==' | '!=' | 'in' | 'not in';

/**
 * One side of a comparison: a field (figure, date, year, list length; `previous`: the same field
 * in last year's data), a number, the length in characters of a text field (`字数(路径)`), a sum
 * of terms (`甲 + 乙 - 丙`), a figure times a number (`0.1 × 甲`), or a list of texts (right of `属于`).
 */
export type Operand =
  | { readonly path: readonly string[]; readonly previous?: boolean }
  | { readonly value: number }
  | { readonly length: readonly string[] }
  | { readonly sum: readonly { readonly sign: 1 | -1; readonly term: Operand }[] }
  /** A figure times a number (`0.1 × 甲`, written `0.1 * 甲` or `0.1 × 甲`): shares and thresholds. */
  | { readonly factor: number; readonly term: { readonly path: readonly string[]; readonly previous?: boolean } }
  | { readonly texts: readonly string[] };

/** A comparison `left op right`. */
export interface Comparison {
  readonly left: Operand;
  readonly op: Operator;
  readonly right: Operand;
}

/** A declared cross-field rule. */
export type RuleDecl = {
  /** The rule's name, for tools (diagnostic code `rule.<id>`). */
  readonly id: string;
  /** What the clerk reads after the field's path; `{路径}` stands for a field's value, `{年度+1}` for a sum. */
  readonly message: string;
  readonly hint?: string;
  /** The fields the rule reads: it is checked whenever these are right, even if others are wrong. */
  readonly reads: readonly (readonly string[])[];
  /** Where the rule is declared. */
  readonly declaredAt: Position;
  /** `warning` (级别: 警告): reported, but the build goes on. */
  readonly severity: 'error' | 'warning';
  /** The rule reads last year's data (`上年.路径`): checked only when that year's file exists. */
  readonly usesPrevious: boolean;
} & (
  | { readonly kind: 'compare'; readonly check: Comparison; readonly when?: Comparison; readonly at: readonly string[] }
  | {
      readonly kind: 'unique';
      /** The list, and the key inside each item to compare (none: the items themselves). */
      readonly list: readonly string[];
      readonly key?: string;
    }
  | {
      readonly kind: 'mention';
      /** The text field (a line, paragraph, list or group of them) that must mention one of `words`. */
      readonly text: readonly string[];
      readonly words: readonly string[];
    }
);

/** The fields every 公文 has, whatever the model: the writers read them by these names. */
export const DOCUMENT_FIELDS = {
  /** The year reported on; must match the data file's name. */
  year: '年度',
  /** 发文机关署名 (GB/T 9704-2012 §7.3.5). */
  issuer: '署名',
  /** 成文日期 (§7.3.5.4), written 2025-01-20. */
  date: '成文日期',
  /** Whether the document is sealed (加盖印章, §7.3.5.1–2); absent means not sealed. */
  sealed: '盖章',
} as const;

/** One year's validated data: the 公文 parts every report has, and the model's own fields. */
export interface ReportData {
  readonly 年度: number;
  readonly 署名: string;
  readonly 成文日期: string;
  readonly 盖章: boolean;
  readonly [field: string]: unknown;
}

/** A compiled model: the declared fields and rules, and the zod schema that checks a data file. */
export interface Model {
  /** The declaration's file, relative to the project root (for messages). */
  readonly file: string;
  /** What the data is, for messages (the declaration's `title`), e.g. 法治政府建设年度报告. */
  readonly title?: string;
  readonly fields: readonly FieldDecl[];
  readonly rules: readonly RuleDecl[];
  /** The schema of a whole data file. */
  readonly schema: z.ZodType;
}

/** The declarations of the fixed 公文 fields, used when a model does not declare them itself. */
export function documentFieldDecls(): FieldDecl[] {
  const at = { line: 1, column: 1 };
  return [
    { name: '年度', path: ['年度'], title: '年度', required: true, at, type: 'year' },
    { name: '署名', path: ['署名'], title: '署名', required: true, at, type: 'line', maxLength: 40 },
    { name: '成文日期', path: ['成文日期'], title: '成文日期', required: true, at, type: 'date' },
    { name: '盖章', path: ['盖章'], title: '加盖印章', required: false, at, type: 'boolean' },
  ];
}

const schemas = new WeakMap<FieldDecl, z.ZodType>();

/** The zod schema of one declared field (cached per declaration). */
export function fieldSchema(f: FieldDecl): z.ZodType {
  let s = schemas.get(f);
  if (s) return s;
  s = baseSchema(f);
  if (!f.required && f.type !== 'list') s = f.type === 'boolean' ? optionalFlag(s) : optional(s);
  schemas.set(f, s);
  return s;
}

/** A yes/no the model does not require: absent is no. */
function optionalFlag(inner: z.ZodType): z.ZodType {
  return optional(inner).transform((v) => v ?? false);
}

function baseSchema(f: FieldDecl): z.ZodType {
  const limits = (x: { minimum?: number; maximum?: number }) => ({
    ...(x.minimum !== undefined ? { minimum: x.minimum } : {}),
    ...(x.maximum !== undefined ? { maximum: x.maximum } : {}),
  });
  switch (f.type) {
    case 'count':
      return count({ qualifier: f.qualifier, unit: f.unit, ...limits(f) });
    case 'percent':
      return percent({ qualifier: f.qualifier, decimals: f.decimals, ...limits(f) });
    case 'workdays':
      return workdays(limits(f));
    case 'amount':
      return amount({ qualifier: f.qualifier, decimals: f.decimals, unit: f.unit, ...limits(f) });
    case 'date':
      return isoDate();
    case 'year':
      return year(limits(f));
    case 'line':
      return line(f.maxLength, f.enum);
    case 'paragraph':
      return paragraph(f.maxLength);
    case 'boolean':
      return flag();
    case 'group':
      return z.strictObject(Object.fromEntries(f.fields.map((c) => [c.name, fieldSchema(c)])));
    case 'titled':
      return z.strictObject({ 标题: line(f.titleMaxLength), 内容: paragraph(f.maxLength) });
    case 'list':
      return list(fieldSchema(f.items), LIST_WORDS[f.items.type] ?? '列表', {
        ...(f.minItems !== undefined ? { minItems: f.minItems } : {}),
        ...(f.maxItems !== undefined ? { maxItems: f.maxItems } : {}),
      });
  }
}

/** How a list of each kind of item is called in messages (应为事项列表 …). */
const LIST_WORDS: Partial<Record<FieldType, string>> = {
  line: '事项列表',
  paragraph: '段落列表',
  titled: '标题和内容的列表',
};

/** Builds the model from declared fields and rules (the fixed 公文 fields added where missing). */
export function makeModel(file: string, fields: readonly FieldDecl[], rules: readonly RuleDecl[], title?: string): Model {
  const declared = new Set(fields.map((f) => f.name));
  const all = [...documentFieldDecls().filter((f) => !declared.has(f.name)), ...fields];
  const schema = z.strictObject(Object.fromEntries(all.map((f) => [f.name, fieldSchema(f)])));
  return { file, ...(title !== undefined ? { title } : {}), fields: all, rules, schema };
}

/** The declared field at `path` (list items by index, or by any number), or null when there is none. */
export function fieldAt(model: Pick<Model, 'fields'>, path: readonly (string | number)[]): FieldDecl | null {
  let fields: readonly FieldDecl[] = model.fields;
  let here: FieldDecl | null = null;
  for (const part of path) {
    if (typeof part === 'number') {
      if (here?.type !== 'list') return null;
      here = here.items;
    } else {
      if (here?.type === 'titled') {
        return part === '标题' || part === '内容'
          ? { name: part, path: [...here.path, part], title: part, required: true, at: here.at, type: part === '标题' ? 'line' : 'paragraph', maxLength: part === '标题' ? here.titleMaxLength : here.maxLength }
          : null;
      }
      if (here !== null && here.type !== 'group') return null;
      fields = here === null ? fields : here.fields;
      here = fields.find((f) => f.name === part) ?? null;
      if (!here) return null;
    }
  }
  return here;
}

/** The schema of the field at `path`, or null (the root's for the empty path). */
export function schemaAt(model: Model, path: readonly (string | number)[]): z.ZodType | null {
  if (path.length === 0) return model.schema;
  const f = fieldAt(model, path);
  return f ? fieldSchema(f) : null;
}

/** The keys a data file may have at `path` (a group's fields, a titled item's 标题 and 内容). */
export function keysAt(model: Model, path: readonly (string | number)[]): string[] {
  if (path.length === 0) return model.fields.map((f) => f.name);
  const f = fieldAt(model, path);
  if (f?.type === 'group') return f.fields.map((c) => c.name);
  if (f?.type === 'titled') return ['标题', '内容'];
  if (f?.type === 'list' && f.items.type === 'group') return f.items.fields.map((c) => c.name);
  return [];
}

/** Every declared field outside lists, depth first in declaration order (groups before their fields). */
export function walkFields(model: Pick<Model, 'fields'>): FieldDecl[] {
  const out: FieldDecl[] = [];
  const visit = (fs: readonly FieldDecl[]) => {
    for (const f of fs) {
      out.push(f);
      if (f.type === 'group') visit(f.fields);
    }
  };
  visit(model.fields);
  return out;
}

/** The model's figures, in declaration order (what `report diff` tabulates and 同比 can word). */
export function metricFields(model: Pick<Model, 'fields'>): MetricField[] {
  return walkFields(model).filter((f): f is MetricField => (METRIC_TYPES as readonly string[]).includes(f.type));
}

/** The figure declared at a dotted path (`组.字段`), if any. */
export function findMetricField(model: Pick<Model, 'fields'>, key: string): MetricField | undefined {
  return metricFields(model).find((f) => f.path.join('.') === key);
}
