/**
 * The simulators one process runs, as each one's dashboard sees them: the composition root links
 * the servers it started (linkSiblings), and the dashboard of any of them shows all of them,
 * reaching each one's admin API in-process (inject) and listening to each one's change feed. A
 * server nobody linked (a test's buildServer) sees itself only. Kept per server in a WeakMap, not
 * in a module-wide list: a test process may start several sets of simulators, and each set sees
 * its own.
 */
import type { FastifyInstance } from 'fastify';
import type { Sim } from '../sim.ts';

export interface Sibling {
  channel: string;
  title: string;
  /** where its wire listens (absent: not known, the server was not started by the root) */
  url?: string;
  sim: Sim<unknown>;
  inject: FastifyInstance['inject'];
}

export interface LinkedServer {
  channel: string;
  title: string;
  url: string;
  app: FastifyInstance & { sim: Sim<unknown> };
}

const groups = new WeakMap<Sim<unknown>, Sibling[]>();

/** every server of `servers` sees all of them, in this order */
export function linkSiblings(servers: readonly LinkedServer[]): void {
  const group = servers.map((s) => ({
    channel: s.channel,
    title: s.title,
    url: s.url,
    sim: s.app.sim,
    inject: s.app.inject.bind(s.app),
  }));
  for (const s of group) groups.set(s.sim, group);
}

/** the simulators `sim`'s dashboard shows; `self` is how it reaches its own admin API */
export function siblingsOf(sim: Sim<unknown>, self: () => Sibling): Sibling[] {
  return groups.get(sim) ?? [self()];
}
