/** The tool's version, from package.json (set into the bundle by scripts/bundle.mjs). */
import { readFileSync } from 'node:fs';

/** Set by the bundler from package.json. */
declare const __REPORT_VERSION__: string | undefined;

/** The version of report itself. */
export function toolVersion(): string {
  if (typeof __REPORT_VERSION__ === 'string') return __REPORT_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
