import { isNoEnd, isNoStart } from '../../layout/line-break.js';
import { escapeXml } from './styles.js';

/** The blocks whose punctuation the custom 禁则 lists name (code point ranges, inclusive). */
const KINSOKU_BLOCKS: readonly (readonly [number, number])[] = [
  [0x21, 0x7e], // ASCII
  [0xa0, 0xff], // Latin-1
  [0x2010, 0x206f], // General Punctuation
  [0x2100, 0x214f], // Letterlike Symbols (℃)
  [0x3000, 0x303f], // CJK Symbols and Punctuation
  [0xfe10, 0xfe1f], // Vertical Forms
  [0xfe30, 0xfe6f], // CJK Compatibility Forms, Small Form Variants
  [0xff01, 0xff65], // Full-width and half-width forms: punctuation
  [0xffe0, 0xffee], // Full-width signs
];

/**
 * Set by the bundler (scripts/bundle.mjs): {@link kinsokuCharacters} as computed by this same code
 * when the bundle was built, so that a run does not classify some 750 characters again (about 7 ms
 * of cold code in the DOCX thread). Undefined when running from the sources.
 */
declare const __REPORT_KINSOKU_NO_START__: string | undefined;
declare const __REPORT_KINSOKU_NO_END__: string | undefined;

let kinsoku: { readonly noStart: string; readonly noEnd: string } | undefined =
  typeof __REPORT_KINSOKU_NO_START__ === 'string' && typeof __REPORT_KINSOKU_NO_END__ === 'string'
    ? { noStart: __REPORT_KINSOKU_NO_START__, noEnd: __REPORT_KINSOKU_NO_END__ }
    : undefined;
/**
 * The characters of the punctuation blocks that may not start a line (clreq 行首禁则) and that may
 * not end one (行尾禁则), as layout/line-break.ts classes them.
 */
export function kinsokuCharacters(): { readonly noStart: string; readonly noEnd: string } {
  if (!kinsoku) {
    const chars = KINSOKU_BLOCKS.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i))).filter(
      (c) => !/\p{C}|\p{Z}/u.test(c),
    );
    kinsoku = { noStart: chars.filter(isNoStart).join(''), noEnd: chars.filter(isNoEnd).join('') };
  }
  return kinsoku;
}

/**
 * word/settings.xml, written whole (the `docx` library's own has no place for the East Asian
 * typography settings). Elements are in the order CT_Settings requires.
 *
 * - evenAndOddHeaders: odd pages take the default footer, even pages the even one (§7.5: 单页码居右,
 *   双页码居左); without it Word and WPS show the default footer on every page.
 * - characterSpacingControl doNotCompress: every 汉字 and full-width mark keeps its full 1 字 width,
 *   so a line holds exactly 28 of them (§5.2.3) as in our PDF. "compressPunctuation", which Chinese
 *   Word templates often carry, would squeeze ，。 runs and pull extra characters onto lines. It is
 *   also what Word assumes when the element is absent (ECMA-376 Part 4 §2.15.1.18) and LibreOffice's
 *   default, so the three suites agree.
 * - noLineBreaksBefore / noLineBreaksAfter (zh-CN): the characters that may not start / end a line,
 *   written from the same classes the PDF's line breaker uses (layout/line-break.ts: UAX #14 classes
 *   tailored by clreq 行首禁则 and 行尾禁则), restricted to the punctuation blocks an office suite
 *   consults (ASCII, Latin-1, General Punctuation, Letterlike, CJK Symbols, vertical and small forms,
 *   full-width forms). Word applies them as its custom 禁则 (Options → Typography → Custom); what
 *   LibreOffice does is described in the README.
 * - compatibilityMode 15: lay out as current Word does, not in a compatibility mode.
 * - themeFontLang zh-CN: East Asian theme fonts resolve as for Simplified Chinese.
 */
export function settingsXml(): string {
  const { noStart, noEnd } = kinsokuCharacters();
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    '<w:evenAndOddHeaders/>' +
    '<w:characterSpacingControl w:val="doNotCompress"/>' +
    `<w:noLineBreaksAfter w:lang="zh-CN" w:val="${escapeXml(noEnd)}"/>` +
    `<w:noLineBreaksBefore w:lang="zh-CN" w:val="${escapeXml(noStart)}"/>` +
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' +
    '</w:settings>'
  );
}
