/**
 * Problems are data: every stage returns the problems it found instead of throwing, so one run can
 * report all of them. Exceptions are kept for bugs.
 */

/** How serious a problem is: errors stop the build, warnings are printed and the build goes on. */
export type Severity = 'error' | 'warning';

/** One problem found in the user's input (data, config, templates, fonts). */
export interface Diagnostic {
  readonly severity: Severity;
  /** Plain-Chinese message saying what is wrong, what was expected and what was found. */
  readonly message: string;
  /** The file, relative to the project root where possible. */
  readonly file?: string;
  /** 1-based line and column in `file`. */
  readonly line?: number;
  readonly column?: number;
  /** The field's path in the data, e.g. `['培训', '场次']`. */
  readonly path?: readonly (string | number)[];
  /** What to do about it. */
  readonly hint?: string;
  /** A stable identifier of the rule, for tools. */
  readonly code?: string;
}

/** The outcome of a stage: a value (with warnings) or the problems that prevented one. */
export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** A successful result. */
export const ok = <T>(value: T, warnings: readonly Diagnostic[] = []): Result<T> => ({
  ok: true,
  value,
  warnings,
});

/** A failed result. */
export const fail = <T = never>(diagnostics: readonly Diagnostic[]): Result<T> => ({
  ok: false,
  diagnostics,
});

/**
 * Formats a field's path for messages as a clerk reads it: `培训.场次`, `问题 第2项.标题` (list
 * items counted from 1, in words rather than an index).
 */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `${out === '' ? '' : ' '}第${part + 1}项`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/**
 * A path as a stable key for tools (`--json`'s `path`): `培训.场次`, `问题[2].标题` (list items
 * counted from 1).
 */
export function pathKey(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part + 1}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Thrown for conditions that are bugs in this program, never for bad input (exit code 3). */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}
