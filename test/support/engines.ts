/**
 * What "`engines` is honest" means, read from a lockfile: every installed package whose own
 * `engines.node` the oldest Node this package claims (the minimum of its `engines.node`) does not
 * satisfy. npm only warns about such a package (EBADENGINE) and installs it anyway, so the claim
 * is checked here and not left to a warning nobody reads.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';

interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: { node?: string } | string[];
}

/** the oldest Node version the package.json at `path` claims to support */
export function oldestNode(path: string): string {
  const range = (JSON.parse(readFileSync(path, 'utf8')) as { engines?: { node?: string } }).engines?.node;
  const min = range ? semver.minVersion(range) : null;
  if (!min) throw new Error(`${path} names no engines.node range`);
  return min.version;
}

/** `path/version needs range` for each package in the lockfile at `path` that `node` cannot run */
export function enginesNotMet(path: string, node: string, options: { production?: boolean } = {}): string[] {
  const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, LockEntry> };
  const refused: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || (options.production && entry.dev)) continue;
    // an old-style engines array carries no Node range
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (range && !semver.satisfies(node, range, { includePrerelease: true })) {
      refused.push(`${where}@${entry.version} needs node ${range}`);
    }
  }
  return refused;
}
