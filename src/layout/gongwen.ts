/**
 * Where the parts of a complete 公文 go (GB/T 9704-2012 §7.2–§7.4), as pure functions both
 * writers share: the 版头's vertical geometry on the body grid, the 签发人 lines, the 附件说明's
 * lines and the 版记's texts and where it goes. Each writer measures text its own way; the numbers all come
 * from gbt9704.ts.
 */
import {
  ATTACHMENT_NOTE,
  EM_BOX_ASCENT,
  formatChineseDate,
  IMPRINT,
  LETTERHEAD,
  LINE_PITCH_PT,
  LINES_PER_PAGE,
  mmToPt,
  ROLE_SIZE_PT,
} from './gbt9704.js';

/**
 * The 版头's vertical geometry, in points below the 版心's top edge, for a 版头 whose 签发人 take
 * `signerLines` lines (1 when there are none). Body text keeps the 22-line grid: the 发文字号 and
 * the title sit on grid lines (`docNumberLine`, `firstBodyLine`, 0-based).
 *
 * - the 发文机关标志's em box starts 35 mm below the 版心's top (§7.2.4), `markSize` tall;
 * - the 发文字号 is on the first grid line that leaves two empty lines under the mark (§7.2.5), or
 *   on the last line of the 签发人 (§7.2.6), which then start `signerLines − 1` lines higher;
 * - the red rule lies 4 mm under the 发文字号 (the bottom of its em box) (§7.2.7);
 * - the title starts on the first grid line that leaves two empty lines under the rule (§7.3.1).
 */
export interface LetterheadGeometry {
  /** Top of the mark's em box. */
  readonly markTop: number;
  /** Baseline of the mark (its em box's top plus the CJK ascent). */
  readonly markBaseline: number;
  /** Grid line of the first 签发人 line. */
  readonly firstSignerLine: number;
  /** Grid line of the 发文字号 (the last 签发人 line). */
  readonly docNumberLine: number;
  /** Centre of the red rule. */
  readonly ruleY: number;
  /** Grid line where the title (the rest of page 1) starts. */
  readonly firstBodyLine: number;
}

/** See {@link LetterheadGeometry}. `markSize` is the 发文机关标志's size in points. */
export function letterheadGeometry(signerLines: number, markSize: number = LETTERHEAD.markSizePt): LetterheadGeometry {
  const markTop = mmToPt(LETTERHEAD.markTopBelowTextBlockMm);
  const markBottom = markTop + markSize;
  const firstSignerLine = Math.ceil((markBottom + LETTERHEAD.blankLinesAfterMark * LINE_PITCH_PT) / LINE_PITCH_PT - 1e-9);
  const docNumberLine = firstSignerLine + Math.max(1, signerLines) - 1;
  const docNumberBottom = docNumberLine * LINE_PITCH_PT + ROLE_SIZE_PT.body;
  const ruleY = docNumberBottom + mmToPt(LETTERHEAD.ruleBelowDocNumberMm);
  const below = ruleY + LETTERHEAD.ruleThicknessPt / 2;
  const firstBodyLine = Math.ceil((below + LETTERHEAD.blankLinesBeforeTitle * LINE_PITCH_PT) / LINE_PITCH_PT - 1e-9);
  return { markTop, markBaseline: markTop + EM_BOX_ASCENT * markSize, firstSignerLine, docNumberLine, ruleY, firstBodyLine };
}

/**
 * The 签发人 names in lines of two (§7.2.6 一般每行排两个姓名), each line a list of names; the
 * label 签发人： goes before the first line, and later lines align with the first name.
 */
export function signerLines(names: readonly string[]): string[][] {
  const lines: string[][] = [];
  for (let i = 0; i < names.length; i += LETTERHEAD.signersPerLine) lines.push(names.slice(i, i + LETTERHEAD.signersPerLine));
  return lines;
}

/**
 * The 附件说明's entries (§7.3.4): for each 附件 the text before its name (`附件：` then `1.` when
 * there are several; later entries put their number under the first one) and the name. Writers
 * indent the first entry two 字 and align a name's continuation lines with its first character.
 */
export function attachmentNoteEntries(names: readonly string[]): { label: string; number: string; name: string }[] {
  const numbered = names.length > 1;
  return names.map((name, i) => ({ label: i === 0 ? ATTACHMENT_NOTE.label : '', number: numbered ? `${i + 1}.` : '', name }));
}

/** The 抄送 line's text (§7.4.2): `抄送：甲，乙。`; the label's width is the continuation indent. */
export function copyToText(names: readonly string[]): { label: string; text: string } {
  return { label: IMPRINT.copyToLabel, text: `${names.join(IMPRINT.copyToSeparator)}${IMPRINT.copyToEnd}` };
}

/** The 印发日期 as printed (§7.4.3): `2025年1月22日印发`. */
export function printDateText(iso: string): string {
  return `${formatChineseDate(iso)}${IMPRINT.printedSuffix}`;
}

/**
 * Where the 版记 goes (§7.4, §6, §7.5), given the last page of text (or of the last 附件):
 *
 * - `shared`: at the foot of that page's 版心, when the 版记's lines fit below its last line with
 *   at least {@link IMPRINT}.blankLinesBefore empty grid lines between (and, printed on both sides,
 *   the page is even: §6 puts the 版记 on an even page). The page keeps its number.
 * - `newPage`: on the next page, which is then the last page; it is numbered like any other (§7.5
 *   leaves a 版记 page unnumbered only when a blank page precedes it). Printed on both sides this is
 *   chosen when the next page is even.
 * - `afterBlank`: printed on both sides when the next page would be odd: a blank page, then the
 *   版记 on the even page after it; neither page is numbered (§7.5).
 */
export type ImprintPlacement = 'shared' | 'newPage' | 'afterBlank';

/** The 版记's page: how it is placed, its 1-based page, the blank page before it, whether it is numbered. */
export interface ImprintPage {
  readonly placement: ImprintPlacement;
  readonly page: number;
  readonly blankPage: number | null;
  readonly numbered: boolean;
}

/**
 * See {@link ImprintPlacement}. `lastTextPage` is 1-based; `usedLines` is how many grid lines of
 * that page the text takes from the top (its last line's index + 1; a table counts to the grid line
 * below it); `imprintLines` is how many grid lines the 版记 takes; `duplex` printing on both sides.
 */
export function placeImprint(lastTextPage: number, usedLines: number, imprintLines: number, duplex: boolean): ImprintPage {
  const fits = usedLines + IMPRINT.blankLinesBefore + imprintLines <= LINES_PER_PAGE;
  if (fits && (!duplex || lastTextPage % 2 === 0)) return { placement: 'shared', page: lastTextPage, blankPage: null, numbered: true };
  const next = lastTextPage + 1;
  if (!duplex || next % 2 === 0) return { placement: 'newPage', page: next, blankPage: null, numbered: true };
  return { placement: 'afterBlank', page: next + 1, blankPage: next, numbered: false };
}
