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
 * - compatibilityMode 15: lay out as current Word does, not in a compatibility mode.
 * - themeFontLang zh-CN: East Asian theme fonts resolve as for Simplified Chinese.
 */
export function settingsXml(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    '<w:evenAndOddHeaders/>' +
    '<w:characterSpacingControl w:val="doNotCompress"/>' +
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' +
    '</w:settings>'
  );
}
