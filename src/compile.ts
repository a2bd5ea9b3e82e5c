/**
 * From validated data and a template to the document model: Handlebars → markup → the one reader →
 * numbered headings, with the signature taken from the data. Pure: the caller supplies the texts.
 */
import { capProblems, fail, ok, ProblemList, type Diagnostic, type Result } from './diagnostics.js';
import type { Model, ReportData } from './data/model.js';
import { definitionsOf } from './diff/compare.js';
import { numberHeadings } from './document/numbering.js';
import type { Block, Doc } from './document/types.js';
import { readMarkup, type RawBlock } from './template/markup.js';
import { renderTemplate, type HelperTable, type ParsedTemplate, type TemplateSource } from './template/render.js';
import { yoyHelpers } from './template/yoy.js';

/**
 * Compiles one year's data (validated against `model`) with a template into a document. Unless
 * `helpers` brings the previous year (see template/yoy.ts), the template's 同比 phrases are left out.
 * The document's fixed parts (署名, 成文日期, 盖章, 年度) are read by their fixed names
 * ({@link DOCUMENT_FIELDS} in data/model.ts), whatever the rest of the model is.
 */
export function compileReport(model: Model, data: ReportData, template: TemplateSource | ParsedTemplate, helpers: HelperTable = {}): Result<Doc> {
  const noPrevious = yoyHelpers(data, {
    previous: null,
    previousYear: data.年度 - 1,
    missing: 'omit',
    metrics: definitionsOf(model).metrics,
    modelFile: model.file,
  });
  const markup = renderTemplate(template, data, { ...noPrevious, ...helpers });
  if (!markup.ok) return markup;
  const markupLines = markup.value.split(/\r?\n/);
  // A problem found in the markup is reported at the template line that wrote it, when that line
  // can be told (it reads the same, or the same but for {{fields}}); otherwise without a line.
  const templateLineOf = templateLineFinder(template.text);
  const toTemplate = (d: Diagnostic): Diagnostic => {
    const { line, column: _column, ...rest } = d;
    if (line === undefined) return d;
    const loc = templateLineOf(markupLines[line - 1] ?? '');
    return loc ? { ...rest, ...loc } : rest;
  };
  const raw = readMarkup(markup.value, template.file);
  // Problems are capped at markup lines (readMarkup's are already), then only those listed are
  // traced back to the template.
  if (!raw.ok) return fail(raw.diagnostics.map(toTemplate));
  const { blocks, skipped } = numberHeadings(raw.value.map(({ line: _line, ...b }) => b));
  if (skipped.length > 0) {
    const problems = new ProblemList();
    for (const s of skipped) {
      const block = raw.value[s.index] as Extract<RawBlock, { type: 'heading' }>;
      problems.push({
        severity: 'error',
        file: template.file,
        line: block.line,
        message: `标题“${block.text}”是第 ${s.level} 级，但前面没有第 ${s.expectedAtMost} 级标题（层次不能跳级）`,
        hint: '一级标题用 #，二级用 ##，三级用 ###，四级用 ####',
        code: 'markup.skipped-level',
      });
    }
    return fail(problems.list().map(toTemplate));
  }
  const title = blocks.find((b) => b.type === 'title');
  const body: Block[] = [
    ...(blocks as Block[]),
    // A model may make the 落款 optional (署名 and 成文日期 not required): left out, there is none.
    ...(data.署名 && data.成文日期 ? [{ type: 'signature' as const, issuer: data.署名, date: data.成文日期, sealed: data.盖章 }] : []),
  ];
  return ok(
    {
      meta: {
        title: title && title.type === 'title' ? title.text : '',
        issuer: data.署名 ?? '',
        year: data.年度,
        // Without a 成文日期 the document's own date (file metadata) is the first day after the year reported.
        date: data.成文日期 ?? `${data.年度 + 1}-01-01`,
      },
      blocks: body,
    },
    capProblems([...markup.warnings, ...handTyped(raw.warnings, toTemplate, template.text)]),
  );
}

/**
 * Warnings about numbers typed by hand, at the template's lines. A heading's is always kept (a
 * heading written from the data, `## {{标题}}`, shows the data's number); a paragraph's only when the
 * number is in the template's own text: a paragraph of the data may well start with 1. or 一、.
 */
function handTyped(ws: readonly Diagnostic[], toTemplate: (d: Diagnostic) => Diagnostic, text: string): Diagnostic[] {
  const lines = text.split(/\r?\n/);
  // Whether any template line starts with a number: most paragraphs with one come from the data,
  // and are dropped without looking for their template line (one look per number, not per paragraph).
  const inTemplate = new Map<string, boolean>();
  const kept = new ProblemList();
  for (const w of ws) {
    if (w.code !== 'markup.hand-number-paragraph') {
      kept.push(toTemplate(w));
      continue;
    }
    const typed = /“([^”]+)”像是手写的序号/.exec(w.message)?.[1];
    if (typed === undefined) continue;
    if (!inTemplate.has(typed)) inTemplate.set(typed, lines.some((l) => l.trim().startsWith(typed)));
    if (!inTemplate.get(typed)) continue;
    const d = toTemplate(w);
    if (d.line !== undefined && (lines[d.line - 1] ?? '').trim().startsWith(typed)) kept.push(d);
  }
  return kept.list();
}

/**
 * Finds the template line that produced a markup line: the one that reads the same, or, failing
 * that, the one that matches it with each {{…}} standing for any text. Only a unique match counts.
 * The template is split and its patterns compiled once; each look-up is a hash look-up, or one
 * test per template line with {{…}}.
 */
function templateLineFinder(template: string): (markupLine: string) => { line: number; column: number } | null {
  const lines = template.split(/\r?\n/);
  const exact = new Map<string, number[]>();
  const patterns: { index: number; re: RegExp }[] = [];
  lines.forEach((l, i) => {
    const t = l.trim();
    const same = exact.get(t);
    if (same) same.push(i);
    else exact.set(t, [i]);
    if (!l.includes('{{')) return;
    // A line of block tags only ({{#each …}}, {{/if}}, {{else}}, comments) writes nothing itself.
    if (/^(\s*\{\{[#/^!>]|\s*\{\{else)/.test(l) && l.replace(/\{\{[^}]*\}\}/g, '').trim() === '') return;
    const pattern = t
      .split(/\{\{[^}]*\}\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    patterns.push({ index: i, re: new RegExp(`^${pattern}$`, 'u') });
  });
  return (markupLine) => {
    const want = markupLine.trim();
    if (want === '') return null;
    const found = exact.get(want) ?? patterns.filter((p) => p.re.test(want)).map((p) => p.index);
    if (found.length !== 1) return null;
    const i = found[0]!;
    return { line: i + 1, column: lines[i]!.length - lines[i]!.trimStart().length + 1 };
  };
}
