/**
 * Text from the data appears literally in every output: no template injection ({{ }}), no markup
 * injection (#, =, a leading 1.), no broken XML (<w:p>, &, <script>), whatever it contains.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copySample, runCli } from '../helpers/cli.js';
import { docxParts, docxText } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';

const TRICKY = [
  '{{年度}} 与 {{{单位.全称}}} 原样出现',
  '<w:p><w:r><w:t>注入</w:t></w:r></w:p> & <script>alert(1)</script>',
  '# 不是标题',
  '= 不是文档标题',
  '1. 不是编号 * 星号 | 竖线 --- 横线 \\ 反斜杠',
  '---',
  '* 不是列表',
  '| 甲 | 乙 |',
  '1.不是编号',
  '&amp; &lt;w:p&gt; ]]> <![CDATA[ x ]]>',
];

/** A heading and the document title made of tricky text too (within their length limits). */
const TRICKY_HEADING = '# <w:p>&{{x}} | * --- 1.';
const TRICKY_UNIT = '<b>&{{年度}}</b>镇';

describe('data text is taken literally', () => {
  it('in the TXT, the DOCX and the PDF', async () => {
    const root = copySample();
    const data = path.join(root, 'data', '2024.yaml');
    const items = TRICKY.map((t) => `  - ${JSON.stringify(t)}`).join('\n');
    writeFileSync(
      data,
      readFileSync(data, 'utf8')
        .replace('其他情况: []', `其他情况:\n${items}`)
        .replace('标题: 法治意识仍需进一步提高', `标题: ${JSON.stringify(TRICKY_HEADING)}`)
        .replace(/全称: .*/, `全称: ${JSON.stringify(TRICKY_UNIT)}`),
    );
    const r = runCli(['build', '2024', '--quiet'], root);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The file name is the title without the characters file systems refuse.
    const base = path.join(root, 'out', '2024', 'b&{{年度}}b镇2024年法治政府建设年度报告');
    const txt = readFileSync(`${base}.txt`, 'utf8');
    const docx = docxText(new Uint8Array(readFileSync(`${base}.docx`)));
    const pdf = (await readPdf(new Uint8Array(readFileSync(`${base}.pdf`)))).flatMap((p) => p.lines.map((l) => l.text)).join('');
    for (const t of TRICKY) {
      expect(txt).toContain(`　　${t}\n`);
      expect(docx).toContain(t);
      expect(pdf.replace(/\s+/g, '')).toContain(t.replace(/\s+/g, ''));
    }
    expect(txt).toContain('　　五、其他需要报告的情况\n');
    expect(txt).toContain(`（一）${TRICKY_HEADING}`);
    expect(txt.split('\n')[0]).toContain(TRICKY_UNIT);
    expect(docx).toContain(TRICKY_HEADING);
    expect(docx).toContain(TRICKY_UNIT);
    expect(pdf.replace(/\s+/g, '')).toContain(TRICKY_HEADING.replace(/\s+/g, ''));
    expect(pdf.replace(/\s+/g, '')).toContain(TRICKY_UNIT);
    // Nothing from the data became XML: every < and & in the text parts is escaped.
    const xml = docxParts(new Uint8Array(readFileSync(`${base}.docx`)));
    for (const part of ['word/document.xml', 'docProps/core.xml']) {
      const x = xml[part] ?? '';
      expect(x).not.toMatch(/<script|<b>|<w:t>注入|<!\[CDATA/);
      expect(x).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;|#x[0-9a-fA-F]+;)/);
    }
  });
});
