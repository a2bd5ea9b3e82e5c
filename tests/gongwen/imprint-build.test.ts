/**
 * `report build` places the 版记 of the DOCX where the PDF's pages put it (cli/commands/build.ts
 * decideImprint), and the DOCX of a 公文 with a 版记 is rebuilt when any PDF font changes (the pages
 * are measured with them). Through the real CLI on a temporary copy of examples/gongwen-upward.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { docxParts } from '../helpers/docx.js';
import { GONGWEN_EXAMPLE } from '../helpers/gongwen.js';

function copyExample(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'report-imprint-')), 'gongwen');
  cpSync(GONGWEN_EXAMPLE, dir, { recursive: true, filter: (f) => !f.split(path.sep).includes('out') });
  return dir;
}
const docxOf = (dir: string) => {
  const out = path.join(dir, 'out', '2024');
  return docxParts(new Uint8Array(readFileSync(path.join(out, readdirSync(out).find((f) => f.endsWith('.docx'))!))))['word/document.xml']!;
};

describe('the 版记 in a DOCX built by report build', () => {
  it('follows the PDF: after a blank page in a section of its own (both sides), on a new numbered page (one side)', () => {
    const dir = copyExample();
    expect(runCli(['build', '2024', '--format', 'docx'], dir).code).toBe(0);
    const both = docxOf(dir);
    expect([...both.matchAll(/<w:sectPr\b/g)]).toHaveLength(2);
    expect(both).toContain('<w:type w:val="evenPage"/>');

    const config = path.join(dir, 'report.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^ {2}双面印刷: true/m, '  双面印刷: false'));
    expect(runCli(['build', '2024', '--format', 'docx'], dir).code).toBe(0);
    const one = docxOf(dir);
    expect([...one.matchAll(/<w:sectPr\b/g)]).toHaveLength(1);
    expect(one).toMatch(/<w:pageBreakBefore\/>(?:(?!<\/w:pPr>).)*<\/w:pPr><w:r><w:drawing><wp:anchor [^>]*>(?:(?!<\/wp:anchor>).)*?name="版记"/s);
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('rebuilds the DOCX of a 公文 with a 版记 when a PDF font changes', () => {
    const dir = copyExample();
    mkdirSync(path.join(dir, 'fonts'));
    cpSync(path.join(REPO, 'node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'), path.join(dir, 'fonts', 'body.ttf'));
    const config = path.join(dir, 'report.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\nfonts:\n  body: { file: fonts/body.ttf }\n`);
    expect(runCli(['build', '2024', '--format', 'docx'], dir).code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out', '.report-manifest.json'), 'utf8')) as {
      years: Record<string, Record<string, { inputs: Record<string, string> }>>;
    };
    expect(Object.keys(manifest.years['2024']!['docx']!.inputs)).toContain('font:fonts/body.ttf#');
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });
});
