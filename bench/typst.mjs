#!/usr/bin/env node
/**
 * The bench's reference row: compiles bench/typst/sample.typ (the sample report set in Typst, with
 * the same stand-in fonts) to PDF with Typst running inside Node, as a clerk who picked Typst would,
 * and writes the PDF. Run as its own process by bench/run.mjs, so its time includes Node's start,
 * loading the compiler and finding the fonts, like `report build`'s.
 *
 *   node bench/typst.mjs FONT_FOLDER SAMPLE.typ OUT.pdf
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';

const [fonts, main, out] = process.argv.slice(2);
if (!fonts || !main || !out) {
  process.stderr.write('usage: node bench/typst.mjs FONT_FOLDER SAMPLE.typ OUT.pdf\n');
  process.exit(2);
}
const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: [fonts] }] });
const pdf = compiler.pdf({ mainFileContent: readFileSync(main, 'utf8') });
writeFileSync(out, pdf);
