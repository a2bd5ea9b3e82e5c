/**
 * Parsing of command-line values shared by several commands. Bad values are usage errors (exit 2)
 * with a plain-Chinese message.
 */
import { InvalidArgumentError } from 'commander';
import { FORMATS, UserError, type Format } from './project.js';

/** `2024` → 2024; anything but a four-digit year is a usage error (exit 2). `command` is for the hint. */
export function parseYear(value: string, command = 'build'): number {
  if (!/^\d{4}$/.test(value.trim())) {
    throw new UserError(
      [{ severity: 'error', message: `年份应为四位数字（如 2024），实际为 "${value}"`, hint: `用法: report ${command} 2024`, code: 'usage.year' }],
      2,
    );
  }
  return Number(value.trim());
}

/** Several years, in the order given, without repeats. */
export function parseYears(values: readonly string[], command = 'build'): number[] {
  return [...new Set(values.map((v) => parseYear(v, command)))];
}

/** `docx,pdf` → ['docx', 'pdf']; an unknown format is a usage error. */
export function parseFormats(value: string): Format[] {
  const parts = value
    .split(/[,，\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = parts.filter((p) => !(FORMATS as readonly string[]).includes(p));
  if (parts.length === 0 || bad.length > 0) {
    throw new InvalidArgumentError(`未知的格式 ${bad.join('、') || '（空）'}，可用的格式：${FORMATS.join('、')}`);
  }
  return [...new Set(parts)] as Format[];
}
