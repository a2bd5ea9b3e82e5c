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
  /**
   * Only on the line that stands for problems left out past {@link SHOWN_PROBLEMS} (code `more`):
   * how many of this severity were not listed.
   */
  readonly omitted?: number;
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

/**
 * How many problems of each severity are listed (errors and warnings counted apart); the rest are
 * only counted. One slip can cause thousands (a file of 60,000 unknown keys), and nobody reads past
 * the first screen: the count says how many there are.
 */
export const SHOWN_PROBLEMS = 20;

const NOUN: Readonly<Record<Severity, string>> = { error: '错误', warning: '警告' };

/** The line that stands for `count` problems of `severity` left out. */
export function omittedLine(severity: Severity, count: number): Diagnostic {
  return {
    severity,
    message: `……另有 ${count} 个${NOUN[severity]}未列出`,
    hint: '先改正上面列出的，再运行一次就会列出其余的（一处写错常常引起后面一连串的问题）',
    code: 'more',
    omitted: count,
  };
}

/** Orders diagnostics by file, line and column (those without a file first). */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Collects problems up to the cap: of each severity it keeps the first {@link SHOWN_PROBLEMS} by
 * position (file, line, column) and only counts the rest, so a stage that finds 60,000 problems
 * holds 20 of them (time linear in the problems found, memory constant). The lines that stand for
 * left-out problems (code `more`, from another list) are added up, so lists merge: pushing the
 * {@link ProblemList.list} of several stages into one gives the cap and the total of all of them.
 * Used like an array of diagnostics (`push`, `length`).
 */
export class ProblemList {
  readonly #kept: Record<Severity, Diagnostic[]> = { error: [], warning: [] };
  readonly #omitted: Record<Severity, number> = { error: 0, warning: 0 };

  constructor(readonly limit: number = SHOWN_PROBLEMS) {}

  /** Adds problems (and left-out counts); returns the number of problems now held, listed or not. */
  push(...ds: readonly Diagnostic[]): number {
    return this.pushAll(ds);
  }

  /** Like {@link push}, for any number of problems (no argument spreading). */
  pushAll(ds: Iterable<Diagnostic>): number {
    for (const d of ds) this.#add(d);
    return this.length;
  }

  #add(d: Diagnostic): void {
    if (d.code === 'more' && d.omitted !== undefined) {
      this.#omitted[d.severity] += d.omitted;
      return;
    }
    const kept = this.#kept[d.severity];
    if (kept.length >= this.limit && byPosition(d, kept[kept.length - 1]!) >= 0) {
      this.#omitted[d.severity]++;
      return;
    }
    // Insert in order (the list is short), then drop the last past the cap.
    let i = kept.length;
    while (i > 0 && byPosition(d, kept[i - 1]!) < 0) i--;
    kept.splice(i, 0, d);
    if (kept.length > this.limit) {
      kept.pop();
      this.#omitted[d.severity]++;
    }
  }

  /** All problems held, listed or only counted. */
  get length(): number {
    return this.count('error') + this.count('warning');
  }

  /** How many problems of `severity` there are, listed or not. */
  count(severity: Severity): number {
    return this.#kept[severity].length + this.#omitted[severity];
  }

  /** How many problems of `severity` are only counted. */
  omitted(severity: Severity): number {
    return this.#omitted[severity];
  }

  /** The problems listed, by position (errors, then warnings). */
  shown(): Diagnostic[] {
    return [...this.#kept.error, ...this.#kept.warning];
  }

  /** The problems listed, followed by one {@link omittedLine} per severity with problems left out. */
  list(): Diagnostic[] {
    const more = (['error', 'warning'] as const).filter((s) => this.#omitted[s] > 0).map((s) => omittedLine(s, this.#omitted[s]));
    return [...this.shown(), ...more];
  }
}

/** `ds` capped: the first {@link SHOWN_PROBLEMS} of each severity and a line for the rest. */
export function capProblems(ds: Iterable<Diagnostic>): Diagnostic[] {
  const list = new ProblemList();
  list.pushAll(ds);
  return list.list();
}

/** Thrown for conditions that are bugs in this program, never for bad input (exit code 3). */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}
