/**
 * Fonts as the PDF writer receives them: for each role, the bytes of the font to use and the fonts
 * to fall back on for characters it lacks. The CLI finds and reads them; nothing here touches files.
 */
import type { FontRole } from '../layout/gbt9704.js';
import type { FontReader } from './truetype.js';

/** Where a font came from, in order of preference. */
export type FontSource = 'config' | 'system' | 'bundled';

/** A font ready for the PDF: SFNT bytes (or a TTC with its face), and what it is. */
export interface FontFile {
  /** A short stable key (used as the font's name inside the PDF). */
  readonly key: string;
  /** The family name people know it by, e.g. "Noto Serif SC Black" or "仿宋_GB2312". */
  readonly family: string;
  /** The file it was read from, for messages. */
  readonly file: string;
  /** The whole font as SFNT bytes (a WOFF unpacked): read when first asked for. */
  readonly bytes: Uint8Array;
  /**
   * The same bytes by position, so that a TrueType font is read table by table (truetype.ts)
   * instead of whole. Optional: without it the whole `bytes` are read.
   */
  readonly reader?: () => FontReader;
  /** The face (PostScript name) inside a TTC. */
  readonly face?: string;
  readonly source: FontSource;
  /** Whether it is the official font of its role or a stand-in. */
  readonly official: boolean;
  /** Why this font was chosen, in plain Chinese. */
  readonly reason: string;
}

/** The font of one role and its fallbacks, in order. */
export interface RoleFonts {
  readonly primary: FontFile;
  readonly fallbacks: readonly FontFile[];
}

/** Fonts for every role. */
export type FontSet = Readonly<Record<FontRole, RoleFonts>>;

/** Chinese names of the roles, for messages. */
export const ROLE_LABEL: Readonly<Record<FontRole, string>> = {
  title: '标题',
  body: '正文',
  heading1: '一级标题',
  heading2: '二级标题',
  pageNumber: '页码',
};
