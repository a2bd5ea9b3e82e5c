/**
 * Writing documents safely and printing diagnostics. Outputs go to a temporary file in the same
 * folder and are renamed into place, so a failed or interrupted build never leaves a half-written
 * document, and the previous one stays as it was.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatPath, type Diagnostic } from '../diagnostics.js';
import { errCode, UserError } from './project.js';

/** Writes `bytes` to `file` atomically (temp file + rename in the same folder). */
export function writeAtomic(file: string, bytes: Uint8Array | string, displayName: string): void {
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UserError([
      { severity: 'error', file: displayName, message: `无法创建输出文件夹 ${dir}（${errCode(e)}）`, code: 'output.mkdir' },
    ]);
  }
  removeStaleTemporaries(dir, path.basename(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = errCode(e);
    const hint =
      code === 'EACCES' || code === 'EPERM' || code === 'EBUSY'
        ? '文件可能正被 Word/WPS 或其他程序打开，或文件夹没有写权限：关闭文档后重试'
        : code === 'EISDIR'
          ? '输出位置上有一个同名的文件夹，请把它移走'
          : code === 'ENOSPC'
            ? '磁盘空间不足'
            : '检查输出文件夹是否存在、是否可写';
    throw new UserError([
      {
        severity: 'error',
        file: displayName,
        message: `无法写入 ${displayName}（${code}），原有文件保持不变`,
        ...(hint ? { hint } : {}),
        code: 'output.write',
      },
    ]);
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
    rmSync(path.join(dir, entry), { force: true });
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

/** One diagnostic as text: `data/2024.yaml:12:5: 错误: … ` and an indented `提示:` line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}: ` : '';
  const head = `${where}${SEVERITY[d.severity]}: ${d.message}`;
  return d.hint ? `${head}\n  提示: ${d.hint}` : head;
}

/** Diagnostics as stable JSON objects for tools (one object per problem). */
export function diagnosticsToJson(ds: readonly Diagnostic[]): object[] {
  return ds.map((d) => ({
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    path: d.path ? formatPath(d.path) : null,
    severity: d.severity,
    message: d.message,
    hint: d.hint ?? null,
    code: d.code ?? null,
  }));
}

/** Sorts diagnostics by file, line and column, so output is stable. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
