/**
 * Runs a piece of the program at build time: `contents` (a module importing from the repository,
 * resolved from its root) is bundled with esbuild into CommonJS and evaluated, and its
 * `module.exports` returned. scripts/bundle.mjs computes constants this way with the program's own
 * code (the DOCX 禁则 lists, the line breaker's classes), and the tests bundle libraries as the
 * build does. `options`: more esbuild options (target, define, plugins …).
 */
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;

export async function runBundled(contents, options = {}, loader = 'ts') {
  const { outputFiles } = await build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
    ...options,
    stdin: { contents, resolveDir: ROOT, loader },
    write: false,
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', '__filename', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url), `${ROOT}dist/run-bundled.cjs`);
  return module.exports;
}
