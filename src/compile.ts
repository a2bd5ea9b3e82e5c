/**
 * From validated data and a template to the document model: Handlebars → markup → the one reader →
 * numbered headings, with the signature taken from the data. Pure: the caller supplies the texts.
 */
import { fail, ok, type Diagnostic, type Result } from './diagnostics.js';
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
  const toTemplate = (d: Diagnostic): Diagnostic => {
    const { line, column: _column, ...rest } = d;
    if (line === undefined) return d;
    const loc = templateLineOf(template.text, markupLines[line - 1] ?? '');
    return loc ? { ...rest, ...loc } : rest;
  };
  const raw = readMarkup(markup.value, template.file);
  if (!raw.ok) return fail(raw.diagnostics.map(toTemplate));
  const { blocks, skipped } = numberHeadings(raw.value.map(({ line: _line, ...b }) => b));
  if (skipped.length > 0) {
    const problems: Diagnostic[] = skipped.map((s) => {
      const block = raw.value[s.index] as Extract<RawBlock, { type: 'heading' }>;
      return toTemplate({
        severity: 'error',
        file: template.file,
        line: block.line,
        message: `标题“${block.text}”是第 ${s.level} 级，但前面没有第 ${s.expectedAtMost} 级标题（层次不能跳级）`,
        hint: '一级标题用 #，二级用 ##，三级用 ###，四级用 ####',
        code: 'markup.skipped-level',
      });
    });
    return fail(problems);
  }
  const title = blocks.find((b) => b.type === 'title');
  const body: Block[] = [
    ...(blocks as Block[]),
    { type: 'signature', issuer: data.署名, date: data.成文日期, sealed: data.盖章 },
  ];
  return ok(
    {
      meta: {
        title: title && title.type === 'title' ? title.text : '',
        issuer: data.署名,
        year: data.年度,
        date: data.成文日期,
      },
      blocks: body,
    },
    markup.warnings,
  );
}

/**
 * The template line that produced a markup line: the one that reads the same, or, failing that,
 * the one that matches it with each {{…}} standing for any text. Only a unique match counts.
 */
function templateLineOf(template: string, markupLine: string): { line: number; column: number } | null {
  const want = markupLine.trim();
  if (want === '') return null;
  const lines = template.split(/\r?\n/);
  const exact = lines.flatMap((l, i) => (l.trim() === want ? [i] : []));
  const found =
    exact.length > 0
      ? exact
      : lines.flatMap((l, i) => {
          if (!l.includes('{{')) return [];
          // A line of block tags only ({{#each …}}, {{/if}}, {{else}}, comments) writes nothing itself.
          if (/^(\s*\{\{[#/^!>]|\s*\{\{else)/.test(l) && l.replace(/\{\{[^}]*\}\}/g, '').trim() === '') return [];
          const pattern = l
            .trim()
            .split(/\{\{[^}]*\}\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*');
          return new RegExp(`^${pattern}$`, 'u').test(want) ? [i] : [];
        });
  if (found.length !== 1) return null;
  const i = found[0]!;
  return { line: i + 1, column: lines[i]!.length - lines[i]!.trimStart().length + 1 };
}
