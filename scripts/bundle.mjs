#!/usr/bin/env node
/**
 * Builds the CLI into one file, dist/report.cjs, with esbuild. One file loads much faster than
 * hundreds of modules (zod, yaml, handlebars, commander and our own), and bin/report.js can keep
 * a V8 code cache for it. The heavy writers' libraries (docx, pdfkit, fontkit) stay external and
 * are loaded only when a DOCX or PDF is asked for. Type checking is `npm run typecheck` (tsc).
 *
 * pdfkit is bundled on its own into dist/pdfkit.cjs, which the CLI loads in its place. Loading
 * pdfkit as published also loads, and initialises, four libraries a report never uses: fontkit
 * (fonts are read by src/fonts/truetype.ts; fontkit only for CFF fonts), linebreak (we place every
 * line), png-js (no images) and the AES ciphers (no encryption). Their set-up (Unicode tables
 * inflated, cipher tables computed) is about half of pdfkit's load time. In dist/pdfkit.cjs each is
 * a stand-in that loads the real library the first time it is used, so nothing is lost. pdfkit's
 * 14 standard fonts (never used by report: every font is embedded) are not reachable from it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { bmpClassRuns, bmpLineBreakClasses } from './line-break-classes.mjs';
import { runBundled } from './run-bundled.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['pdfkit', 'fontkit', 'docx', 'pdfjs-dist'],
  define: { __REPORT_VERSION__: JSON.stringify(pkg.version), __REPORT_BUNDLE__: 'true', 'import.meta.url': '__import_meta_url' },
  // import.meta.url is used to locate package files; in the CJS bundle it is the bundle's URL.
  banner: { js: 'const __import_meta_url = require("url").pathToFileURL(__filename).href;' },
  // External libraries are loaded with require(): no dynamic import() is left for the code cache's vm.Script.
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
  legalComments: 'none',
  sourcemap: false,
};

/**
 * The source of a module that stands in for another until first used: `load` is a JavaScript
 * expression that loads the real one (evaluated once, on the first property read, `in` test, call
 * or `new`), so a library loaded at start-up but rarely needed costs nothing until then.
 */
function lazyModule(load) {
  return `let real;
const load = () => (real ??= ${load});
module.exports = new Proxy(function () {}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  construct: (_, argv) => Reflect.construct(load(), argv),
  apply: (_, self, argv) => Reflect.apply(load(), self, argv),
});`;
}

/** Libraries that pdfkit loads at start but a report does not use: loaded on first use instead. */
const LAZY = /^(fontkit|linebreak|png-js|@noble\/ciphers\/aes)$/;
const lazyLibraries = {
  name: 'lazy-libraries',
  setup(b) {
    b.onResolve({ filter: LAZY }, (args) => (args.namespace === 'lazy' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      loader: 'js',
      // Resolved from pdfkit's own folder, where npm installed pdfkit's dependencies.
      contents: lazyModule(`require('node:module').createRequire(require.resolve('pdfkit'))(${JSON.stringify(args.path)})`),
    }));
  },
};

/**
 * tiny-inflate, the pure-JavaScript DEFLATE decoder that unicode-trie uses to unpack the Unicode
 * tables of linebreak (our line breaker's classes) and fontkit when they load, replaced by Node's
 * own zlib: the same bytes, some 20 ms sooner on every PDF build (the JavaScript decoder runs
 * before it is optimised). Same contract: inflate raw DEFLATE `source` into `dest`, returned (cut
 * to the decoded length when shorter).
 */
const nativeInflate = {
  name: 'native-inflate',
  setup(b) {
    b.onResolve({ filter: /^tiny-inflate$/ }, () => ({ path: 'tiny-inflate', namespace: 'native-inflate' }));
    b.onLoad({ filter: /.*/, namespace: 'native-inflate' }, () => ({
      loader: 'js',
      contents: `const { inflateRawSync } = require('node:zlib');
module.exports = function inflate(source, dest) {
  const out = inflateRawSync(source);
  if (out.length > dest.length) throw new Error('Data error');
  dest.set(out);
  return out.length < dest.length ? dest.slice(0, out.length) : dest;
};`,
    }));
  },
};

/**
 * Handlebars builds the JavaScript of a compiled template with the `source-map` library's
 * SourceNode when it can load it, only to throw the source map away (we never ask for one); without
 * it, it uses its own string builder. Left out: 62 KB less to load, and a template compiles about
 * 3 ms sooner. Same template code either way.
 */
const noSourceMap = {
  name: 'no-source-map',
  setup(b) {
    b.onResolve({ filter: /^source-map$/ }, (args) => (/handlebars/.test(args.importer) ? { path: 'source-map', namespace: 'no-source-map' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-source-map' }, () => ({ loader: 'js', contents: 'module.exports = {};' }));
  },
};

/**
 * zod re-exports all of its some 50 message locales (`z.locales`, about 400 KB) from its main
 * module, so a bundler cannot leave them out. report never uses them (its messages are its own
 * Chinese ones; zod's default English locale is loaded on its own): an empty module in their place.
 */
const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'no-zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'no-zod-locales' }, () => ({ loader: 'js', contents: 'export {};' }));
  },
};

/**
 * The `linebreak` package (UAX #14, our line breaker's classes) unpacks its Unicode table when it
 * loads, some 3–5 ms. Only a PDF's layout needs it: in the CLI (`check`, `--format txt` …) and in
 * the DOCX thread (which breaks a title only when the build did not) it is bundled as usual but
 * initialised the first time it is used, behind a stand-in.
 */
const lazyLinebreak = {
  name: 'lazy-linebreak',
  setup(b) {
    b.onResolve({ filter: /^linebreak$/ }, (args) =>
      args.namespace === 'lazy-linebreak' ? undefined : { path: 'linebreak', namespace: 'lazy-linebreak' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-linebreak' }, () => ({
      loader: 'js',
      resolveDir: new URL('..', import.meta.url).pathname,
      contents: lazyModule("((m) => m.default ?? m)(require('linebreak'))"),
    }));
  },
};

/**
 * commander loads node:child_process when it loads (2–3 ms), for commands that are separate
 * programs, which report has none of: in its place a stand-in that loads it if ever used.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      loader: 'js',
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
    }));
  },
};

/**
 * @noble/hashes (pdfkit's hashes: MD5 for the file identifier, the ciphers' digests) takes Node's
 * Web Crypto object when it loads, only for random bytes (encryption, which report never asks
 * for); reaching it loads node:crypto's Web Crypto layer, some 1–3 ms of every PDF build. In its
 * place a module whose `crypto` is found the first time it is read, as the original finds it.
 */
const lazyNobleCrypto = {
  name: 'lazy-noble-crypto',
  setup(b) {
    b.onLoad({ filter: /[\\/]@noble[\\/]hashes[\\/]cryptoNode\.js$/ }, () => ({
      loader: 'js',
      contents: `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
let found;
Object.defineProperty(exports, "crypto", {
  enumerable: true,
  get() {
    if (found === undefined) {
      const nc = require("node:crypto");
      found = { value: nc && typeof nc === "object" && "webcrypto" in nc ? nc.webcrypto : nc && typeof nc === "object" && "randomBytes" in nc ? nc : undefined };
    }
    return found.value;
  },
});`,
    }));
  },
};

/** In the CLI's bundle, `pdfkit` is dist/pdfkit.cjs (next to it). */
const pdfkitBundle = {
  name: 'pdfkit-bundle',
  setup(b) {
    b.onResolve({ filter: /^pdfkit$/ }, () => ({ path: './pdfkit.cjs', external: true }));
  },
};

/**
 * The DOCX settings' 禁则 lists (src/render/docx/settings.ts: kinsokuCharacters), computed now by
 * that same code, bundled and run once, and written into the bundles as a constant.
 */
async function kinsoku() {
  const { noStart, noEnd } = await runBundled("import { kinsokuCharacters } from './src/render/docx/settings.ts'; module.exports = kinsokuCharacters();", {
    ...common,
    plugins: [nativeInflate],
  });
  if (typeof noStart !== 'string' || typeof noEnd !== 'string' || !noStart.includes('。') || !noEnd.includes('“')) throw new Error('kinsoku lists look wrong');
  return { noStart, noEnd };
}
// Two string constants (an object would be set up by code added to every module of the bundle).
{
  const { noStart, noEnd } = await kinsoku();
  common.define.__REPORT_KINSOKU_NO_START__ = JSON.stringify(noStart);
  common.define.__REPORT_KINSOKU_NO_END__ = JSON.stringify(noEnd);
}

// The line breaker's UAX #14 classes of the BMP, computed now and written into the bundles, in
// place of the `linebreak` package's own table (scripts/line-break-classes.mjs).
common.define.__REPORT_BMP_LINE_BREAK_CLASSES__ = JSON.stringify(await bmpClassRuns(common));

/** The CLI. */
const cliOptions = {
  ...common,
  plugins: [pdfkitBundle, nativeInflate, noSourceMap, noZodLocales, lazyLinebreak, bmpLineBreakClasses, lazyChildProcess],
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/report.cjs', import.meta.url).pathname,
};
/**
 * The DOCX writer's thread (see src/cli/docx-pool.ts), run through bin/code-cache.cjs like the
 * CLI. The docx library is bundled into it from its ES module build, so that esbuild keeps only
 * what the writer reaches (about 490 of its 1,020 KB: no patcher, charts, HTML import …).
 */
const workerOptions = {
  ...common,
  external: ['pdfkit', 'fontkit', 'pdfjs-dist'],
  plugins: [nativeInflate, lazyLinebreak, bmpLineBreakClasses],
  entryPoints: [new URL('../src/cli/docx-worker.ts', import.meta.url).pathname],
  outfile: new URL('../dist/docx-worker.cjs', import.meta.url).pathname,
};

await Promise.all([
  build({
    ...common,
    external: ['docx', 'pdfjs-dist'],
    plugins: [lazyLibraries, nativeInflate, lazyNobleCrypto],
    // The stand-ins resolve pdfkit's own folder at run time, on purpose (see lazyLibraries).
    logOverride: { 'require-resolve-not-external': 'silent' },
    entryPoints: [new URL('../node_modules/pdfkit/js/pdfkit.js', import.meta.url).pathname],
    outfile: new URL('../dist/pdfkit.cjs', import.meta.url).pathname,
  }),
  build(cliOptions),
  build(workerOptions),
]);

/**
 * The bundles are pure ASCII, so that bin/report.js and bin/code-cache.cjs read them as Latin-1 (a
 * plain copy of the bytes, about half the time of decoding 1.5 MB of UTF-8 at every start).
 * esbuild escapes the non-ASCII characters of strings and names (its default `charset: 'ascii'`)
 * but leaves those of regular expressions and comments as they are; here each becomes a \\u escape
 * of its UTF-16 code units, which means the same character in a regular expression with or
 * without the u flag, in a character class or not. A character written after a backslash (an
 * identity escape, `\\中`) would change meaning, and stops the build.
 */
for (const name of ['report.cjs', 'docx-worker.cjs']) {
  const file = new URL(`../dist/${name}`, import.meta.url);
  const text = readFileSync(file, 'utf8');
  if (/\\[^\x00-\x7f]/.test(text)) throw new Error(`dist/${name}: a non-ASCII character after a backslash`);
  writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

// The program's identity for the build manifests (src/cli/manifest.ts: toolIdentity), hashed once
// here instead of on every build: sha256 over report.cjs and docx-worker.cjs, in that order.
{
  const { createHash } = await import('node:crypto');
  const dist = new URL('../dist/', import.meta.url);
  const h = createHash('sha256');
  for (const f of ['report.cjs', 'docx-worker.cjs']) h.update(readFileSync(new URL(f, dist)));
  writeFileSync(new URL('bundle.sha256', dist), `${h.digest('hex')}\n`);
}
