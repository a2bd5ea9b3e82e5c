/**
 * The stages up to the document model, fed from the project on disk: read the year's data file
 * and the template, validate, compile. `check` stops here; `build` goes on to the writers.
 */
import type { Diagnostic } from '../diagnostics.js';
import { compileReport } from '../compile.js';
import type { ReportData } from '../data/model.js';
import { lazyLocate, type Position } from '../data/parse-yaml.js';
import { validateReportText } from '../data/validate.js';
import type { Doc } from '../document/types.js';
import { definitionsOf } from '../diff/compare.js';
import type { HelperTable } from '../template/render.js';
import { yoyHelpers } from '../template/yoy.js';
import { applyGongwen, attachmentTemplateFiles } from './gongwen.js';
import { CONFIG_FILE, dataFile, readText, relative, UserError, type Project } from './project.js';

/** One year, compiled to the document model. */
export interface CompiledYear {
  readonly year: number;
  readonly data: ReportData;
  readonly doc: Doc;
  /**
   * The data file and template, relative to the project root, and every file the year's documents
   * depend on (for the build manifest): these two, the data model and the previous year's data file.
   */
  readonly inputs: { readonly data: string; readonly template: string; readonly files: readonly string[] };
  readonly warnings: readonly Diagnostic[];
  /** Where a data field is in the data file (for problems found after validation). */
  locate(path: readonly (string | number)[]): Position;
}

/** Reads and validates one year's data file. */
export function loadData(
  project: Project,
  year: number,
  kind: 'data' | 'previous' = 'data',
): { data: ReportData; file: string; warnings: readonly Diagnostic[]; locate: CompiledYear['locate'] } {
  const file = dataFile(project, year);
  const rel = relative(project.root, file);
  const text = readText(file, project.root, kind);
  // The previous year (read for 同比) may have been signed by the office under an earlier name.
  const issuer = kind === 'data' ? project.config.issuer : undefined;
  // Rules that compare with last year (上年.…) read its data file when there is one; a previous
  // year with problems of its own is left out here (its own check reports them).
  let previous: ReportData | null = null;
  if (kind === 'data' && project.model.rules.some((r) => r.usesPrevious) && project.dataFiles.has(year - 1)) {
    try {
      previous = loadData(project, year - 1, 'previous').data;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
    }
  }
  const result = validateReportText(project.model, text, {
    file: rel,
    expectedYear: year,
    previous,
    // Its position in report.yaml only when a message needs it (report.yaml may then be parsed again).
    ...(issuer !== undefined
      ? {
          issuer: {
            name: issuer,
            file: project.configFile ?? CONFIG_FILE,
            get line() {
              return project.locate(['issuer']).line;
            },
            get column() {
              return project.locate(['issuer']).column;
            },
          },
        }
      : {}),
  });
  if (!result.ok) throw new UserError(result.diagnostics);
  const warnings = [...result.warnings, ...exampleData(text, rel)];
  return { data: result.value, file: rel, warnings, locate: lazyLocate(text, rel) };
}

/** The mark `report init` puts on the first line of the example data it writes. */
export const EXAMPLE_MARK = 'report init 生成的示例数据';

/** A warning while a data file still holds the example values `report init` wrote (its first comment says so). */
function exampleData(text: string, file: string): Diagnostic[] {
  const lines = text.split(/\r?\n/, 5);
  const at = lines.findIndex((l) => l.startsWith('#') && l.includes(EXAMPLE_MARK));
  if (at < 0) return [];
  return [
    {
      severity: 'warning',
      file,
      line: at + 1,
      column: 1,
      message: '这还是 report init 写的示例数据，不是实际情况',
      hint: `把数字和文字换成本单位的实际情况，然后删去第 ${at + 1} 行`,
      code: 'data.example',
    },
  ];
}

/** The previous year's data file, relative to the root, when there is one (templates may compare with it). */
export function previousDataFile(project: Project, year: number): string | null {
  const file = project.dataFiles.get(year - 1);
  return file === undefined ? null : relative(project.root, file);
}

/** Runs everything up to the document model for one year. */
export function compileYear(project: Project, year: number): CompiledYear {
  const problems: Diagnostic[] = [];
  let loaded: ReturnType<typeof loadData> | undefined;
  try {
    loaded = loadData(project, year);
  } catch (e) {
    if (!(e instanceof UserError) || e.exitCode !== 1) throw e;
    problems.push(...e.diagnostics);
  }
  const template = project.template;
  if (!template.ok) problems.push(...template.diagnostics);
  if (!loaded || !template.ok) throw new UserError(problems);
  const yoy = previousYear(project, loaded.data, template.value);
  if (!yoy.ok) throw new UserError(yoy.diagnostics);
  const doc = compileReport(project.model, loaded.data, template.value, yoy.helpers);
  if (!doc.ok) throw new UserError(doc.diagnostics);
  const gongwen = applyGongwen(project, loaded.data, doc.value, yoy.helpers, loaded.file);
  return {
    year,
    data: loaded.data,
    doc: gongwen.doc,
    inputs: {
      data: loaded.file,
      template: template.value.file,
      files: [loaded.file, template.value.file, project.model.file, previousDataFile(project, year), ...attachmentTemplateFiles(project)].filter((f): f is string => f !== null),
    },
    warnings: [...loaded.warnings, ...template.warnings, ...doc.warnings, ...gongwen.warnings],
    locate: loaded.locate,
  };
}

/**
 * The 同比 helpers for `data`, fed with the previous year's data when the template uses them. The
 * previous file is validated like any data file. Without it, config `previous.missing` decides:
 * `omit` leaves the phrases out, `error` names every use in the template (file:line).
 */
export function previousYear(
  project: Project,
  data: ReportData,
  template: { file: string },
): { ok: true; helpers: HelperTable } | { ok: false; diagnostics: readonly Diagnostic[] } {
  const uses = project.yoyUses;
  const year = data.年度 - 1;
  const { missing, enabled } = project.config.previous;
  let previous: ReportData | null = null;
  if (uses.length > 0 && enabled && project.dataFiles.has(year)) {
    try {
      previous = loadData(project, year, 'previous').data;
    } catch (e) {
      if (!(e instanceof UserError) || e.exitCode !== 1) throw e;
      return { ok: false, diagnostics: e.diagnostics };
    }
  } else if (uses.length > 0 && enabled && missing === 'error') {
    const file = `${project.config.data}/${year}.yaml`;
    return {
      ok: false,
      diagnostics: uses.map((u) => ({
        severity: 'error',
        file: template.file,
        line: u.line,
        column: u.column,
        message: `模板用 ${u.name} 写同比，但没有上年（${year} 年）的数据文件 ${file}`,
        hint: `补上 ${file}；或在 report.yaml 里写 previous: {missing: omit}，没有上年数据时略去同比的说法`,
        code: 'template.no-previous',
      })),
    };
  }
  return {
    ok: true,
    helpers: yoyHelpers(data, {
      previous,
      previousYear: year,
      missing: enabled ? missing : 'omit',
      metrics: definitionsOf(project.model).metrics,
      modelFile: project.model.file,
    }),
  };
}
