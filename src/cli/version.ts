/** The tool's version, from package.json (set into the bundle by scripts/bundle.mjs), and where its own files are. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors.js';

/** Set by the bundler from package.json. */
declare const __REPORT_VERSION__: string | undefined;

/** The version of report itself. */
export function toolVersion(): string {
  if (typeof __REPORT_VERSION__ === 'string') return __REPORT_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * A file or folder shipped with the package (`kinds/通用`), found from this module upwards (the
 * bundle is dist/report.cjs, the sources src/cli/…). A missing one means the installation is
 * incomplete: a plain message and exit code 3, never a stack trace.
 */
export function packagePath(...parts: string[]): string {
  // The package's root: the nearest folder upwards that holds a package.json.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4 && !existsSync(path.join(dir, 'package.json')); i++) dir = path.dirname(dir);
  const candidate = path.join(dir, ...parts);
  if (existsSync(candidate)) return candidate;
  throw new UserError(
    [
      {
        severity: 'error',
        message: `report 的安装不完整：找不到程序自带的 ${parts.join('/')}`,
        hint: '重新安装 report（npm install report 的安装包）；在源码里运行时先 npm run build',
        code: 'install.incomplete',
      },
    ],
    3,
  );
}
