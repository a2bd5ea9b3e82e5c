/**
 * The DOCX against GB/T 9704-2012, checked in its XML (format notes §4.1, D1–D15).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Doc } from '../../src/document/types.js';
import { isNoEnd, isNoStart } from '../../src/layout/line-break.js';
import { toDocx } from '../../src/render/docx/index.js';
import { docxParts, docxText, paragraphs, style } from '../helpers/docx.js';
import { missingSentences } from '../helpers/reference.js';
import { sampleData, sampleDoc } from '../helpers/sample.js';

const DATE = new Date('2025-01-20T00:00:00Z');
let parts: Record<string, string>;
let bytes: Uint8Array;
let doc: Doc;

beforeAll(async () => {
  doc = sampleDoc();
  bytes = await toDocx(doc, { modified: DATE });
  parts = docxParts(bytes);
});

const documentXml = () => parts['word/document.xml']!;
const stylesXml = () => parts['word/styles.xml']!;

describe('DOCX page set-up (§5.1, §5.2)', () => {
  it('D1/D2: A4 with margins 37/35/28/26 mm', () => {
    expect(documentXml()).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(documentXml()).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="\d+" w:footer="1400" w:gutter="0"\/>/);
  });

  it('D4: a line grid of 579 twips', () => {
    expect(documentXml()).toContain('<w:docGrid w:type="lines" w:linePitch="579"/>');
  });

  it('D11: settings: odd/even footers, no punctuation compression (28 full-width 字 a line), Chinese theme fonts', () => {
    const settings = parts['word/settings.xml']!;
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    expect(settings).toContain('<w:characterSpacingControl w:val="doNotCompress"/>');
    expect(settings).toContain('w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"');
    expect(settings).toContain('<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>');
    // CT_Settings order: evenAndOddHeaders before characterSpacingControl before compat.
    expect(settings.indexOf('evenAndOddHeaders')).toBeLessThan(settings.indexOf('characterSpacingControl'));
    expect(settings.indexOf('characterSpacingControl')).toBeLessThan(settings.indexOf('<w:compat>'));
  });

  it('禁则: Word’s custom line-breaking lists are the PDF breaker’s classes (every listed character, and only those)', () => {
    const settings = parts['word/settings.xml']!;
    const list = (name: string) => {
      const m = new RegExp(`<w:${name} w:lang="zh-CN" w:val="([^"]*)"/>`).exec(settings);
      return [...(m?.[1] ?? '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')];
    };
    const before = list('noLineBreaksBefore');
    const after = list('noLineBreaksAfter');
    for (const c of '，。、；：？！）》」』〕】］｝”’％‰…·～／') expect(before).toContain(c);
    for (const c of '（《「『〔【［｛“‘') expect(after).toContain(c);
    expect(before.every(isNoStart)).toBe(true);
    expect(after.every(isNoEnd)).toBe(true);
    // Every full-width or CJK punctuation mark the breaker classes as 行首/行尾禁则 is listed.
    for (let cp = 0x3000; cp <= 0x303f; cp++) {
      const c = String.fromCharCode(cp);
      if (isNoStart(c)) expect(before).toContain(c);
      if (isNoEnd(c)) expect(after).toContain(c);
    }
    for (let cp = 0xff01; cp <= 0xff65; cp++) {
      const c = String.fromCharCode(cp);
      if (isNoStart(c)) expect(before).toContain(c);
      if (isNoEnd(c)) expect(after).toContain(c);
    }
    // CT_Settings order: characterSpacingControl, noLineBreaksAfter, noLineBreaksBefore, compat.
    expect(settings.indexOf('characterSpacingControl')).toBeLessThan(settings.indexOf('noLineBreaksAfter'));
    expect(settings.indexOf('noLineBreaksAfter')).toBeLessThan(settings.indexOf('noLineBreaksBefore'));
    expect(settings.indexOf('noLineBreaksBefore')).toBeLessThan(settings.indexOf('<w:compat>'));
  });

  it('§3.4/§5: hanging punctuation set so LibreOffice keeps lines inside the 版心 (see styles.ts)', () => {
    const defaults = /<w:pPrDefault>.*<\/w:pPrDefault>/s.exec(stylesXml())![0];
    expect(defaults).toContain('<w:overflowPunct w:val="1"/>');
    expect(stylesXml().match(/overflowPunct/g)).toHaveLength(1);
  });

  it('D11/D12: odd and even footers', () => {
    expect(documentXml()).toMatch(/<w:footerReference w:type="default" r:id="\w+"\/><w:footerReference w:type="even" r:id="\w+"\/>/);
    expect(documentXml()).not.toContain('<w:titlePg');
  });
});

describe('DOCX styles', () => {
  it('D5: body 仿宋_GB2312 三号 as the East Asian font, with the hint and zh-CN', () => {
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/s.exec(stylesXml())![0];
    expect(defaults).toContain('w:eastAsia="仿宋_GB2312"');
    expect(defaults).toContain('w:hint="eastAsia"');
    expect(defaults).toContain('<w:sz w:val="32"/><w:szCs w:val="32"/>');
    expect(defaults).toContain('w:eastAsia="zh-CN"');
  });

  it('D6: exact 579-twip lines, nothing before or after, justified, widow control off', () => {
    const defaults = /<w:pPrDefault>.*<\/w:pPrDefault>/s.exec(stylesXml())![0];
    expect(defaults).toContain('<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>');
    expect(defaults).toContain('<w:jc w:val="both"/>');
    expect(defaults).toContain('<w:widowControl w:val="0"/>');
    expect(stylesXml()).not.toContain('w:line="580"');
  });

  it('D6/D8: first line indented 2 字 and body runs condensed −5 twips (28 字 a line)', () => {
    const normal = style(stylesXml(), 'Normal');
    expect(normal).toContain('<w:ind w:firstLine="630"/>');
    expect(normal).toContain('<w:spacing w:val="-5"/>');
    // 28 condensed characters fit the 版心 (8844 twips): 28 × (320 − 5) = 8820.
    expect(28 * (320 - 5)).toBeLessThanOrEqual(11906 - 1587 - 1474);
  });

  it('D7: title 方正小标宋简体 二号, centred, not bold, not snapped to the grid', () => {
    const title = style(stylesXml(), 'Title');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('<w:jc w:val="center"/>');
    expect(title).toContain('<w:ind w:firstLine="0"/>');
    expect(title).toContain('<w:b w:val="0"/>');
    expect(title).toContain('<w:snapToGrid w:val="0"/>');
  });

  it('D9: headings 黑体 / 楷体_GB2312 / 仿宋_GB2312 / 仿宋_GB2312, all 三号, indented like the body', () => {
    const fonts = [1, 2, 3, 4].map((l) => /w:eastAsia="([^"]+)"/.exec(style(stylesXml(), `Heading${l}`))![1]);
    expect(fonts).toEqual(['黑体', '楷体_GB2312', '仿宋_GB2312', '仿宋_GB2312']);
    for (const l of [1, 2, 3, 4]) {
      const s = style(stylesXml(), `Heading${l}`);
      expect(s).toContain('<w:sz w:val="32"/>');
      expect(s).toContain('<w:basedOn w:val="Normal"/>');
      expect(s).toContain('<w:keepNext/>');
      expect(s).toContain(`<w:outlineLvl w:val="${l - 1}"/>`);
      expect(s).not.toContain('w:firstLine="0"');
    }
  });

  it('carries only our styles, under names Word shows as 正文 / 标题 / 标题 1 …', () => {
    const names = [...stylesXml().matchAll(/<w:name w:val="([^"]+)"\/>/g)].map((m) => m[1]);
    expect(names).toEqual(['Normal', 'Title', 'heading 1', 'heading 2', 'heading 3', 'heading 4', 'Signature', 'footer', 'Table Text', 'Table Note', 'Table Caption', 'Default Paragraph Font']);
    expect(stylesXml()).not.toMatch(/Calibri|2E74B5|w:color/);
  });
});

describe('DOCX content', () => {
  it('contains every sentence of the reference, in order', () => {
    expect(missingSentences(docxText(bytes))).toEqual([]);
  });

  it('D7: breaks the title at the word boundary, each line ≤ 20 字', () => {
    const title = paragraphs(documentXml())[0]!;
    expect(title.xml).toContain('<w:pStyle w:val="Title"/>');
    expect(title.text).toBe('瓦房镇人民政府\n2024年法治政府建设年度报告');
  });

  it('numbers the headings from the structure with the right style per level', () => {
    const ps = paragraphs(documentXml());
    const heading = (text: string) => ps.find((p) => p.text === text)!.xml;
    expect(heading('一、主要举措与成效')).toContain('<w:pStyle w:val="Heading1"/>');
    expect(heading('（二）坚持严格规范公正文明执法')).toContain('<w:pStyle w:val="Heading2"/>');
  });

  it('D13: page numbers "— n —" in 宋体 四号, odd right and even left, one 字 in', () => {
    const footers = Object.entries(parts).filter(([n]) => /word\/footer\d\.xml/.test(n)).map(([, x]) => x);
    expect(footers).toHaveLength(2);
    const odd = footers.find((f) => f.includes('<w:jc w:val="right"/>'))!;
    const even = footers.find((f) => f.includes('<w:jc w:val="left"/>'))!;
    expect(odd).toContain('<w:ind w:right="280" w:firstLine="0"/>');
    expect(even).toContain('<w:ind w:left="280" w:firstLine="0"/>');
    for (const f of [odd, even]) {
      expect(f).toMatch(/<w:t xml:space="preserve">— <\/w:t>.*<w:instrText xml:space="preserve">PAGE<\/w:instrText>.*<w:t xml:space="preserve"> —<\/w:t>/s);
    }
    const footer = style(stylesXml(), 'Footer');
    expect(footer).toContain('w:eastAsia="宋体"');
    expect(footer).toContain('<w:sz w:val="28"/>');
  });

  it('D14: unsealed signature: 署名 右空二字, date starting two 字 to its right', () => {
    const ps = paragraphs(documentXml());
    const issuer = ps.at(-2)!;
    const date = ps.at(-1)!;
    expect([issuer.text, date.text]).toEqual(['瓦房镇人民政府', '2025年1月20日']);
    expect(issuer.xml).toContain('<w:ind w:right="630"/>');
    // 7 字 − 2 字 − 6.5 字 (4+2 half-width digits, 3 汉字) + 2 字 = 0.5 字 = 158 twips.
    expect(date.xml).toContain('<w:ind w:right="158"/>');
    expect(ps.at(-3)!.text).toBe('');
  });

  it('D14: sealed signature: date 右空四字, 署名 centred over it', async () => {
    const sealed = await toDocx(sampleDoc({ ...sampleData(), 盖章: true }), { modified: DATE });
    const ps = paragraphs(docxParts(sealed)['word/document.xml']!);
    expect(ps.at(-1)!.xml).toContain('<w:ind w:right="1260"/>');
    expect(ps.at(-2)!.xml).toContain('<w:ind w:right="1181"/>');
  });

  it('D10: runs holding “”‘’—…· carry the East Asian hint; the styles name the CJK font in every slot', async () => {
    const data = sampleData();
    const text = '他说：“依法行政……”——‘法治’·政府';
    const out = await toDocx(sampleDoc({ ...data, 其他情况: [text] }), { modified: DATE });
    const p = paragraphs(docxParts(out)['word/document.xml']!).find((x) => x.text === text)!;
    expect(p.xml).toContain('<w:rFonts w:hint="eastAsia"/>');
    const plain = paragraphs(documentXml()).find((x) => x.text.startsWith('在市委市政府坚强领导下'))!;
    expect(plain.xml).not.toContain('w:hint');
    for (const id of ['Normal', 'Title', 'Heading1', 'Heading2', 'Footer']) {
      const rFonts = /<w:rFonts [^>]*\/>/.exec(style(stylesXml(), id))![0];
      const slots = [...rFonts.matchAll(/w:(ascii|eastAsia|hAnsi|cs)="([^"]+)"/g)].map((m) => m[2]);
      expect(slots).toHaveLength(4);
      expect(new Set(slots).size).toBe(1);
      expect(rFonts).toContain('w:hint="eastAsia"');
    }
    // The page-number dashes are ambiguous-width too.
    const footers = Object.entries(docxParts(out)).filter(([n]) => /word\/footer\d\.xml/.test(n));
    for (const [, f] of footers) expect(f).toContain('<w:rFonts w:hint="eastAsia"/>');
  });

  it('writes text with XML-special characters literally', async () => {
    const data = sampleData();
    const tricky = '<w:p>&amp; <script>alert(1)</script> "引号" \'单\' {{年度}}';
    const out = await toDocx(sampleDoc({ ...data, 其他情况: [tricky] }), { modified: DATE });
    expect(docxText(out)).toContain(tricky);
    expect(docxParts(out)['word/document.xml']).toContain('&lt;w:p&gt;&amp;amp; &lt;script&gt;');
  });

  it('stamps the given date and gives the same bytes every time', async () => {
    expect(parts['docProps/core.xml']).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-20T00:00:00Z</dcterms:created>');
    expect(parts['docProps/core.xml']).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-20T00:00:00Z</dcterms:modified>');
    const again = await toDocx(sampleDoc(), { modified: DATE });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
  });
});
