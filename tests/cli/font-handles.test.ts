/**
 * Font files are read through open handles (src/cli/fonts.ts: fileReader), kept for the whole
 * process. A long `watch` where a font file is replaced again and again must not keep a handle per
 * replacement: the handle of a replaced file is closed once nothing reads through it any more.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { REPO } from '../helpers/cli.js';

const SERIF = path.join(REPO, 'node_modules', '@expo-google-fonts', 'noto-serif-sc', '400Regular', 'NotoSerifSC_400Regular.ttf');
const SANS = path.join(REPO, 'node_modules', '@expo-google-fonts', 'noto-sans-sc', '500Medium', 'NotoSansSC_500Medium.ttf');

/** The garbage collector, reached without starting Node with --expose-gc. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

const openHandles = () => readdirSync('/proc/self/fd').length;

describe('font file handles', () => {
  it.skipIf(!existsSync('/proc/self/fd'))('are closed for a replaced font file once its fonts are gone', async () => {
    const gc = collector();
    const dir = mkdtempSync(path.join(tmpdir(), 'report-handles-'));
    const body = path.join(dir, 'body.ttf');
    const env = { ...process.env, REPORT_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'report-handles-cache-')) };
    const open = async () => {
      const r = await resolveFonts({ body: { file: body } }, dir, env);
      if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
      // Reads the font through its handle, as the PDF writer does.
      r.value.body.primary.reader!().read(0, 12);
    };
    copyFileSync(SERIF, body);
    await open();
    const before = openHandles();
    // Replaced eight times (another size each time): eight handles opened, seven replaced.
    for (let i = 1; i <= 8; i++) {
      copyFileSync(i % 2 ? SANS : SERIF, body);
      await open();
    }
    for (let i = 0; i < 5 && openHandles() > before + 1; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(openHandles() - before).toBeLessThanOrEqual(1);
  });
});
