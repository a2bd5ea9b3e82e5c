#!/usr/bin/env node
/**
 * Builds the CLI into one file, dist/report.cjs, with esbuild. One file loads much faster than
 * hundreds of modules (zod, yaml, handlebars, commander and our own), and bin/report.js can keep
 * a V8 code cache for it. The heavy writers' libraries (docx, pdfkit, fontkit) stay external and
 * are loaded only when a DOCX or PDF is asked for. Type checking is `npm run typecheck` (tsc).
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

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

await Promise.all([
  build({ ...common, entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname], outfile: new URL('../dist/report.cjs', import.meta.url).pathname }),
  // The DOCX writer's thread (see src/cli/docx-pool.ts).
  build({ ...common, entryPoints: [new URL('../src/cli/docx-worker.ts', import.meta.url).pathname], outfile: new URL('../dist/docx-worker.cjs', import.meta.url).pathname }),
]);
