/**
 * The Docker files read without a Docker engine: the Dockerfile's instructions per stage, and
 * the files its build stage's COPY lines take from the build context once .dockerignore has
 * dropped its patterns (Docker's reading: root-anchored, `*` within a segment, `**` across).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** one instruction: its name (FROM, COPY…) and its arguments, continuation lines joined */
export interface Instruction {
  name: string;
  args: string;
}

/** the Dockerfile's stages, in order, each its instructions (comments dropped) */
export function dockerStages(dockerfile: string): Instruction[][] {
  const stages: Instruction[][] = [];
  for (const line of dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))) {
    const [, name, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    if (name === 'FROM') stages.push([]);
    stages.at(-1)!.push({ name: name!, args: args!.trim() });
  }
  return stages;
}

export const argsOf = (stage: Instruction[], name: string) => stage.filter((i) => i.name === name).map((i) => i.args);

export function dockerignorePatterns(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

export function ignored(path: string, patterns: string[]): boolean {
  const toRegex = (p: string) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\0')
        .replace(/\*/g, '[^/]*')
        .replace(/\0/g, '(?:.*/)?')}(?:/.*)?$`,
    );
  return patterns.some((p) => toRegex(p).test(path));
}

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, rel)).isDirectory()) walk(root, rel, out);
    else out.push(rel);
  }
}

/** every context file (relative path) the stage's COPY lines (not COPY --from) take */
export function copiedFiles(root: string, stage: Instruction[]): string[] {
  const patterns = dockerignorePatterns(readFileSync(join(root, '.dockerignore'), 'utf8'));
  const sources = argsOf(stage, 'COPY')
    .filter((a) => !a.startsWith('--from'))
    .flatMap((a) => a.split(/\s+/).slice(0, -1));
  const files: string[] = [];
  for (const src of sources) {
    const abs = join(root, src);
    if (statSync(abs).isDirectory()) walk(root, relative(root, abs), files);
    else files.push(src);
  }
  return files.filter((f) => !ignored(f, patterns));
}
