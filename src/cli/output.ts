/**
 * Writing documents safely and printing diagnostics. Outputs go to a temporary file in the same
 * folder and are renamed into place, so a failed or interrupted build never leaves a half-written
 * document, and the previous one stays as it was.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { byPosition, pathKey, ProblemList, type Diagnostic } from '../diagnostics.js';
import { errCode, UserError } from './project.js';
import { fileProblem } from './files.js';

/**
 * How many bytes the temporary name adds to a document's name: `.` before it and
 * `.<pid, up to 10 digits>.<8 random characters>.tmp` after it.
 */
export const TEMP_NAME_EXTRA = 1 + 1 + 10 + 1 + 8 + 4;

/**
 * Writes `bytes` to `file` atomically (temp file + rename in the same folder). Any file-system
 * error is a {@link UserError} naming the file and what to do (files.ts words it); the previous file
 * stays as it was and no temporary file is left behind.
 */
export function writeAtomic(file: string, bytes: Uint8Array | string, displayName: string): void {
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw fileProblem(e, { file: dir, display: path.posix.dirname(displayName), kind: 'folder' }, 'mkdir');
  }
  removeStaleTemporaries(dir, path.basename(file));
  const random = Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${random}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was created (the name was refused), or it cannot be removed: the next build cleans it.
    }
    const problem = fileProblem(e, { file, display: displayName, kind: 'output' }, 'write');
    throw new UserError([{ ...problem.diagnostic, message: `${problem.diagnostic.message}；原有文件保持不变`, code: 'output.write' }]);
  }
}

/**
 * Writes a new file (its folders made as needed), never replacing one: a file that appeared in the
 * meantime is an error naming it (`report init`). File-system errors are worded by files.ts.
 */
export function writeNew(file: string, text: string, displayName: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (e) {
    throw fileProblem(e, { file: path.dirname(file), display: path.posix.dirname(displayName), kind: 'folder' }, 'mkdir');
  }
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (e) {
    if (errCode(e) === 'EEXIST') {
      throw new UserError([{ severity: 'error', file: displayName, message: `${displayName} 已存在，不会覆盖它`, code: 'init.exists' }]);
    }
    throw fileProblem(e, { file, display: displayName, kind: 'output' }, 'write');
  }
}

/**
 * Removes the temporary files a killed build left for `name` (a build ended by Ctrl-C or a power
 * cut never reaches its rename). A temporary file belongs to the process named in it; those of a
 * build still running — another `report build` at the same time — are left alone.
 */
function removeStaleTemporaries(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = Number(/^(\d+)\.[a-z0-9]*\.tmp$/.exec(entry.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
    try {
      rmSync(path.join(dir, entry), { force: true });
    } catch {
      // Left for a later build: a stale temporary file never stops this one.
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

const SEVERITY = { error: '错误', warning: '警告' } as const;

/**
 * One diagnostic as text: `data/2024.yaml:12:5: 错误: … ` and an indented `提示:` line. With
 * `labelled` false the severity is left out (the line saying how many more were not listed is not
 * itself a problem, and tools reading `错误:` lines must not count it).
 */
export function formatDiagnostic(d: Diagnostic, labelled = true): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const head = `${where}${labelled ? `${SEVERITY[d.severity]}: ` : ''}${d.message}`;
  return d.hint ? `${head}\n  提示: ${d.hint}` : head;
}

/**
 * Problems as text lines: the first {@link SHOWN_PROBLEMS} errors and warnings by position, a line
 * for each severity saying how many more were left out, and the summary `共 N 个错误，M 个警告`
 * counting all of them (printed when there are errors, or warnings left out).
 */
export function formatProblems(ds: Iterable<Diagnostic>): string[] {
  const list = new ProblemList();
  list.pushAll(ds);
  const lines = list.shown().sort(byPosition).map((d) => formatDiagnostic(d));
  for (const d of list.list()) if (d.code === 'more') lines.push(formatDiagnostic(d, false));
  const errors = list.count('error');
  const warnings = list.count('warning');
  if (errors > 0) lines.push(`共 ${errors} 个错误${warnings > 0 ? `，${warnings} 个警告` : ''}`);
  else if (list.omitted('warning') > 0) lines.push(`共 ${warnings} 个警告`);
  return lines;
}

/** How many problems of `severity` `ds` stands for, listed or left out. */
export function countProblems(ds: Iterable<Diagnostic>, severity: 'error' | 'warning'): number {
  const list = new ProblemList();
  list.pushAll(ds);
  return list.count(severity);
}

/**
 * Problems for `--json`: the same problems the text lists (`diagnostics`, capped as there), how
 * many were left out and how many there are in all, each by severity.
 */
export function problemsToJson(ds: Iterable<Diagnostic>): {
  diagnostics: object[];
  total: { errors: number; warnings: number };
  omitted: { errors: number; warnings: number };
} {
  const list = new ProblemList();
  list.pushAll(ds);
  return {
    diagnostics: diagnosticsToJson(list.shown().sort(byPosition)),
    total: { errors: list.count('error'), warnings: list.count('warning') },
    omitted: { errors: list.omitted('error'), warnings: list.omitted('warning') },
  };
}

/** Diagnostics as stable JSON objects for tools (one object per problem). */
export function diagnosticsToJson(ds: readonly Diagnostic[]): object[] {
  return ds.filter((d) => d.code !== 'more').map((d) => ({
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    path: d.path ? pathKey(d.path) : null,
    severity: d.severity,
    message: d.message,
    hint: d.hint ?? null,
    code: d.code ?? null,
  }));
}

/** Sorts diagnostics by file, line and column, so output is stable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(byPosition);
}
