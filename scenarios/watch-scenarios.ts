/**
 * Scenario files reloaded while a simulator runs: every scenario directory of the channel is
 * watched (fs.watch), and a change is read again after a short pause (an editor writes in
 * several steps), validated like at start-up, and only then takes the place of the running set.
 * A file that does not validate keeps the set as it was, and the log says why. Orders already
 * bound to a scenario keep its id; one whose file is gone gets a scenario chosen afresh.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { AnyChannel } from '../simulators/core/channel.ts';
import type { SimLogger } from '../simulators/core/logger.ts';
import type { ScenarioSet } from '../simulators/core/scenario-engine.ts';
import { loadScenarios } from './load-scenarios.ts';

/** how long after the last change the files are read */
const SETTLE_MS = 150;

export function watchScenarios(
  roots: readonly string[],
  channel: AnyChannel,
  apply: (set: ScenarioSet) => void,
  log: SimLogger,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const reload = () => {
    timer = undefined;
    try {
      const set = loadScenarios(roots, channel);
      apply(set);
      log.info({ kind: 'scenarios', scenarios: set.byId.size }, `scenarios reloaded: ${set.byId.size} file(s)`);
    } catch (e) {
      log.warn(
        { kind: 'scenarios', error: (e as Error).message },
        `scenario change not applied, the previous scenarios stay: ${(e as Error).message.replace(/\n\s*/g, '; ')}`,
      );
    }
  };
  const watchers: FSWatcher[] = [];
  for (const dir of roots.map((r) => join(r, channel.name)).filter((d) => existsSync(d))) {
    const w = watch(dir, { persistent: false }, (_event, file) => {
      if (file && !/\.ya?ml$/.test(file)) return;
      clearTimeout(timer);
      timer = setTimeout(reload, SETTLE_MS);
    });
    w.on('error', () => w.close());
    watchers.push(w);
  }
  return () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
  };
}
