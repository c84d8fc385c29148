/** the nearest folder above a directory holding a package.json: the checkout or the installed package */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function packageRootOf(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}
