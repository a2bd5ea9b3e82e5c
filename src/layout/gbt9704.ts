/**
 * Every number GB/T 9704-2012《党政机关公文格式》 gives for the layout of a document, in one place,
 * each with its clause. Writers take their sizes, margins, fonts and grid from here and contain no
 * magic numbers of their own. Units: millimetres, points (1 pt = 1/72 in) and twips (1/20 pt).
 *
 * Sources and derivations are collected in the project's research notes on the format; values
 * marked "derived" are arithmetic on the standard's numbers, "practice" are common usage where the
 * standard is silent.
 */

/** Millimetres to points. */
export const mmToPt = (mm: number): number => (mm * 72) / 25.4;
/** Points to twips (1/20 pt), the unit of WordprocessingML geometry. */
export const ptToTwips = (pt: number): number => Math.round(pt * 20);

/** §5.1: paper is A4 (GB/T 148), 210 mm × 297 mm. */
export const PAGE_MM = { width: 210, height: 297 } as const;
/** §5.1 in twips, as Word writes it for A4. */
export const PAGE_TWIPS = { width: 11906, height: 16838 } as const;

/**
 * §5.2.1: 天头（上白边）37 mm ± 1 mm, 订口（左白边）28 mm ± 1 mm, 版心 156 mm × 225 mm (不含页码).
 * The bottom (35 mm) and right (26 mm) margins are derived: 297 − 37 − 225 and 210 − 28 − 156.
 */
export const MARGIN_MM = { top: 37, bottom: 35, left: 28, right: 26 } as const;
/** §5.2.1 margins in twips, rounded as Word writes them. */
export const MARGIN_TWIPS = { top: 2098, bottom: 1984, left: 1587, right: 1474 } as const;
/** §5.2.1: the 版心 (text block), 156 mm × 225 mm. */
export const TEXT_BLOCK_MM = { width: 156, height: 225 } as const;

/** §5.2.3: 一般每面排22行，每行排28个字，并撑满版心. */
export const LINES_PER_PAGE = 22;
/** §5.2.3: characters per full line. */
export const CHARS_PER_LINE = 28;

/**
 * §5.2.3 derived: 225 mm / 22 = 579.8 twips, rounded down to 579 twips (28.95 pt) so that 22 lines
 * fit the 版心 (580 twips gives only 21 lines).
 */
export const LINE_PITCH_TWIPS = 579;
/** The line pitch in points: 28.95 pt. */
export const LINE_PITCH_PT = LINE_PITCH_TWIPS / 20;

/**
 * Chinese type sizes (号) in points (practice, universal): 二号 22 pt, 三号 16 pt, 四号 14 pt.
 * GB/T 9704-2012 names sizes by 号 only.
 */
export const SIZE_PT = { 二号: 22, 三号: 16, 四号: 14, 小四: 12 } as const;

/**
 * §5.2.3 derived: 28 characters of 三号 (16 pt) need 448 pt but the 版心 is 442.2 pt wide, so each
 * character is set 0.25 pt (5 twips) tighter: 15.75 pt × 28 = 441 pt. WordprocessingML expresses
 * this as run character spacing −5 twips, which Word, WPS and LibreOffice all honour.
 */
export const BODY_CHAR_SPACING_TWIPS = -5;
/** The width of one 字 of body text once condensed: 15.75 pt. */
export const BODY_CHAR_PT = SIZE_PT.三号 + BODY_CHAR_SPACING_TWIPS / 20;

/** §7.3.3: 每个自然段左空二字，回行顶格. Headings take the same first-line indent. */
export const FIRST_LINE_INDENT_CHARS = 2;

/** The roles a piece of text can play; each role has a font and a size. */
export type FontRole = 'title' | 'body' | 'heading1' | 'heading2' | 'pageNumber';

/**
 * §7.3.1 标题 2号小标宋体; §5.2.2/§7.3.3 正文 3号仿宋体, 第一层黑体, 第二层楷体, 第三、四层仿宋体;
 * §7.5 页码 4号半角宋体. The names are those Chinese offices have installed (practice: GB names
 * typeface categories, offices use these fonts); the DOCX always names them.
 */
export const OFFICIAL_FONT_NAMES: Readonly<Record<FontRole, string>> = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体',
};

/** Type size of each role, in points (§7.3.1, §5.2.2, §7.3.3, §7.5). */
export const ROLE_SIZE_PT: Readonly<Record<FontRole, number>> = {
  title: SIZE_PT.二号,
  body: SIZE_PT.三号,
  heading1: SIZE_PT.三号,
  heading2: SIZE_PT.三号,
  pageNumber: SIZE_PT.四号,
};

/** §7.3.3: which role's font each heading level uses (第三层和第四层用仿宋体字). */
export const HEADING_ROLE: Readonly<Record<1 | 2 | 3 | 4, FontRole>> = {
  1: 'heading1',
  2: 'heading2',
  3: 'body',
  4: 'body',
};

/** §7.3.1 derived: a 二号 title line holds at most 20 字 (156 mm / 22 pt = 20.1). */
export const TITLE_MAX_CHARS_PER_LINE = 20;

/**
 * §7.3.2: 主送机关在标题下空一行; with no 主送机关 (the sample has none) the body takes its place,
 * one blank line below the title.
 */
export const BLANK_LINES_AFTER_TITLE = 1;

/**
 * §7.5: 页码用4号半角宋体阿拉伯数字，编排在公文版心下边缘之下，数字左右各放一条一字线；一字线上距版心下边缘7 mm。
 * 单页码居右空一字，双页码居左空一字. "一字" is taken as one 四号 character (14 pt).
 */
export const PAGE_NUMBER = {
  /** Distance from the bottom of the 版心 to the top of the dash line. */
  belowTextBlockMm: 7,
  /** Inset from the outer edge of the 版心, in characters of the page-number size. */
  insetChars: 1,
  /** The dash on each side: U+2014 EM DASH (一字线), separated from the digits by a space. */
  dash: '\u2014',
} as const;

/**
 * Typographic practice (not in GB): the top of the 一字线 (U+2014) lies about 0.3 em above the
 * baseline in CJK fonts (Noto Serif SC 0.293 em, 宋体 similar). The PDF reads the real value from
 * the page-number font and uses this only when the font cannot tell.
 */
export const PAGE_NUMBER_DASH_TOP_EM = 0.3;

/**
 * Footer distance for the DOCX (page bottom to the footer paragraph's bottom), chosen so that the
 * dash line sits 7 mm below the 版心 (§7.5): 297 − 262 − 7 − ½·4.94 mm (四号) − 0.8 mm ≈ 24.7 mm.
 */
export const FOOTER_DISTANCE_TWIPS = 1400;

/** Practice (GB is silent; there is no header in a 公文): Word's default header distance, 1.5 cm. */
export const HEADER_DISTANCE_TWIPS = 851;

/**
 * §7.3.5: 署名 and 成文日期.
 * §7.3.5.1 加盖印章: 成文日期一般右空四字, 署名 centred over the date.
 * §7.3.5.2 不加盖印章: 正文下空一行右空二字编排署名, 成文日期在署名之下, 首字比署名首字右移二字;
 * if the date is longer than the 署名, the date is 右空二字 and the 署名 moves left.
 */
export const SIGNATURE = {
  blankLinesBefore: 1,
  sealedDateRightChars: 4,
  unsealedIssuerRightChars: 2,
  unsealedDateShiftChars: 2,
} as const;

/**
 * §7.3.5.4: 成文日期用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位 (2025年3月8日, never 03月).
 */
export function formatChineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not an ISO date: ${iso}`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Derived: the 版心 in points. */
export const TEXT_BLOCK_PT = {
  left: mmToPt(MARGIN_MM.left),
  top: mmToPt(MARGIN_MM.top),
  width: mmToPt(TEXT_BLOCK_MM.width),
  height: mmToPt(TEXT_BLOCK_MM.height),
} as const;

/** Derived: the A4 page in points. */
export const PAGE_PT = { width: mmToPt(PAGE_MM.width), height: mmToPt(PAGE_MM.height) } as const;

/**
 * Typographic practice (not in GB): the top of a CJK em box lies 0.88 em above the baseline
 * (ideographic em box of Noto/Source Han and of the Windows 仿宋/黑体/楷体 fonts). The PDF puts the
 * em box's top on the top of its grid line, so the first line's glyphs start at the 版心's top
 * edge, 37 mm from the top of the page (§5.2.1).
 */
export const EM_BOX_ASCENT = 0.88;

/** Derived: the 版心 width in twips as the DOCX section has it (page width less both margins): 8845. */
export const TEXT_BLOCK_WIDTH_TWIPS = PAGE_TWIPS.width - MARGIN_TWIPS.left - MARGIN_TWIPS.right;

/**
 * Tables (表格). GB/T 9704-2012 sets no type size, rules or margins for a table in the body (§10
 * only places the page number of a 横排表格), and 国办公开办函〔2021〕30号 prints its tables without
 * styling. These are the choices of practice, collected in the research notes (format.md,
 * xxgk-2021-format.md §5):
 *
 * - text 仿宋 小四 (12 pt): offices set tables in 仿宋_GB2312 四号 or 小四, and a wide table one or
 *   two sizes smaller. A table whose narrowest columns (at least two 字 of text, or its longest
 *   number, plus the margins) take more than 85% of the 版心 at 小四 is set in 五号 (10.5 pt), then
 *   in 小五 (9 pt): what is left over lets the label columns run wider than two 字 a line. The
 *   2021 format's 表三 (seven columns of figures beside three of labels) is set in 五号, its 表四
 *   (15 columns of two-字 labels, 结果/维持) in 小五 (156 mm / 15 = 29.5 pt a column; two 字 of 9 pt
 *   plus the margins is 28.8 pt), its 表二 in 小四. Header cells use the same 仿宋 unbolded, as the
 *   format's own template does; notes (the 勾稽关系 cell, the 部分公开 parenthetical) are 楷体, as in
 *   the original.
 * - lines inside a cell 4/3 of the size apart (exact: 16 pt at 小四; Word's "single" spacing of CJK
 *   fonts), not on the body's 28.95 pt grid: the grid resumes below the table.
 * - cell margins 0.55 of the type size left and right (6.6 pt at 小四, 2.3 mm; Word's default is
 *   1.9 mm) and 1 mm above and below; text centred vertically. Two cells' texts side by side are
 *   thus at least 1.1 字 apart: text extraction (poppler's pdftotext, TextOutputDev) joins words
 *   into one block, and interleaves their lines, when they are less than one 字 apart on the same
 *   lines (its minColSpacing2 = 1.0 of the font size), so each cell's text reads back whole.
 * - every ruling line 0.5 pt, single (Word's default table border, and what printed reports show).
 * - the caption (表题), when a table has one, centred above it on a body grid line in 黑体 三号,
 *   like a 一级标题's font: it labels the table rather than reading as text.
 */
export const TABLE = {
  /** Type sizes of cell text, points, largest first: 小四, 五号, 小五 (the first at which the table fits). */
  sizesPt: [SIZE_PT.小四, 10.5, 9] as readonly number[],
  /** The most of the 版心's width a table's narrowest columns may take at a size (else the next size is tried). */
  fitShare: 0.85,
  /** Type size of cell text, points (小四), when the table fits at it. */
  sizePt: SIZE_PT.小四,
  /** Distance between the baselines of two lines in a cell, as a multiple of the type size (exact; 16 pt at 小四). */
  linePitchEm: 4 / 3,
  /** Distance between the baselines of two lines in a cell at 小四, points. */
  linePitchPt: 16,
  /** Cell margins: `xEm` left and right, in multiples of the type size; `y` top and bottom, millimetres. */
  cellMarginMm: { y: 1 },
  cellMarginXEm: 0.55,
  /** Width of every ruling line, points. */
  rulePt: 0.5,
  /** The role whose font sets notes (`*…*` in the markup): 楷体, the 二级标题's font. */
  noteRole: 'heading2' as FontRole,
  /** The role whose font sets the caption: 黑体. */
  captionRole: 'heading1' as FontRole,
  /** The most columns a table may have: 26, one 字 of 小四 and 0.8 mm margins each (narrower tables are scaled down to fit). */
  maxColumns: Math.floor(mmToPt(TEXT_BLOCK_MM.width) / (SIZE_PT.小四 + 2 * mmToPt(0.8))),
} as const;
// ---------------------------------------------------------------------------------------------
// The complete 公文: 版头 (§7.2), 主送机关 (§7.3.2), 附件说明 and 附件 (§7.3.4, §7.3.7), 版记 (§7.4).
// ---------------------------------------------------------------------------------------------

/**
 * §7.2.4: 发文机关标志 "推荐使用红色小标宋体字" — GB names only 红色; practice writes pure red
 * (#FF0000). The 版头分隔线 (§7.2.7) is red too. Hex RGB without the #.
 */
export const GONGWEN_RED = 'FF0000';

/**
 * The 版头 (§7.2):
 * - §7.2.1–§7.2.3 份号, 密级和保密期限, 紧急程度: one per line, 顶格 at the 版心's top-left, in that
 *   order; 份号 in 3号 Arabic digits, 密级/紧急程度 in 3号黑体.
 * - §7.2.4 发文机关标志: 居中排布, 上边缘至版心上边缘为 35 mm; its size is not given ("由发文机关以
 *   醒目、美观、庄重为原则酌定"): practice sets it in 小标宋 初号 (42 pt), condensed horizontally when
 *   it would pass the 版心's width (156 mm).
 * - §7.2.5 发文字号: 在发文机关标志下空二行位置, 居中排布 (下行文); 上行文 居左空一字.
 * - §7.2.6 签发人: 上行文 only, 居右空一字, on the line of the 发文字号; "签发人" in 3号仿宋 with a
 *   full-width colon, the names in 3号楷体; 一般每行排两个姓名, the 发文字号 on the last line.
 * - §7.2.7 版头分隔线: 发文字号之下 4 mm 处, 与版心等宽的红色分隔线. Its thickness is not given;
 *   practice draws about 1 pt (psknlr/GONGWEN 1 pt, others 0.75–2.25 pt).
 * - §7.3.1 标题: 红色分隔线下空二行.
 */
export const LETTERHEAD = {
  markTopBelowTextBlockMm: 35,
  markSizePt: 42,
  blankLinesAfterMark: 2,
  docNumberInsetChars: 1,
  signerInsetChars: 1,
  signerLabel: '签发人：',
  signersPerLine: 2,
  ruleBelowDocNumberMm: 4,
  ruleThicknessPt: 1,
  blankLinesBeforeTitle: 2,
  /** §7.2.2: 密级和保密期限之间用“★”隔开. */
  secrecySeparator: '★',
} as const;

/** §7.3.2: 主送机关 标题下空一行, 居左顶格, 最后一个机关名称后标全角冒号. */
export const ADDRESSEE = { blankLinesBefore: 1, colon: '：' } as const;

/**
 * §7.3.4 附件说明: 在正文下空一行左空二字编排"附件"二字, 后标全角冒号和附件名称; 多个附件用阿拉伯数字
 * 标注顺序号 (附件：1.××××); 名称较长需回行时, 与上一行附件名称的首字对齐.
 */
export const ATTACHMENT_NOTE = { blankLinesBefore: 1, indentChars: 2, label: '附件：' } as const;

/**
 * §7.3.7 附件: 另面编排; "附件"二字及附件顺序号用3号黑体字顶格编排在版心左上角第一行; 附件标题居中
 * 编排在版心第三行 (grid line index 2); 附件格式要求同正文 (the title as the document's, 二号小标宋,
 * then one blank line).
 */
export const ATTACHMENT = { label: '附件', titleLine: 2 } as const;

/**
 * §7.4 版记:
 * - §7.4.1 版记中的分隔线与版心等宽, 首条分隔线和末条分隔线用粗线 (推荐高度为 0.35 mm), 中间的分隔线
 *   用细线 (推荐高度为 0.25 mm); 首条在版记第一个要素之上, 末条与公文最后一面的版心下边缘重合.
 * - §7.4.2 抄送机关: 4号仿宋, 在印发机关和印发日期之上一行, 左右各空一字, "抄送"二字后加全角冒号,
 *   机关间用逗号隔开, 回行时与冒号后的首字对齐, 最后一个名称后标句号.
 * - §7.4.3 印发机关和印发日期: 4号仿宋, 编排在末条分隔线之上, 印发机关左空一字, 印发日期右空一字,
 *   用阿拉伯数字将年、月、日标全, 年份应标全称, 月、日不编虚位, 后加"印发"二字.
 * - §7.4: 版记 is at the foot of the last page's 版心, sharing it with the text when it fits; §6
 *   公文双面印刷 puts it on an even page, and §7.5 "公文的版记页前有空白页的, 空白页和版记页均不编排页码"
 *   (a 版记 page with no blank page before it is numbered). Each 版记 line takes one body grid line
 *   (28.95 pt). GB gives no distance between the text and the first rule: practice (and the
 *   standard's own 版记 examples) leaves at least one empty line, `blankLinesBefore`.
 * "一字" here is one 四号 character (14 pt), as for the page number.
 */
export const IMPRINT = {
  sizePt: SIZE_PT.四号,
  outerRuleMm: 0.35,
  innerRuleMm: 0.25,
  insetChars: 1,
  copyToLabel: '抄送：',
  copyToSeparator: '，',
  copyToEnd: '。',
  printedSuffix: '印发',
  blankLinesBefore: 1,
} as const;

/** §7.2.5: 发文字号 `机关代字〔年份〕序号号`, 六角括号, 年份标全称, 序号不加"第"不编虚位. */
export function formatDocNumber(code: string, year: number, serial: number): string {
  return `${code}〔${year}〕${serial}号`;
}
