/**
 * The benchmark's server process: `node bin/run-ts.js bench/servers.ts <suite file> <server>`
 * starts one server on 127.0.0.1, port 0, and tells its parent the port over IPC. `bare`
 * (bench/bare-server.ts) is the same for every suite; any other name is one of the suite's own
 * `servers` (the simulator, its crypto-only servers). It runs in its own process so the server
 * and the load generator do not share one event loop. It must not listen on any other address,
 * and it exits when its parent says so or goes away.
 */
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildBare } from './bare-server.ts';
import type { SimServer } from '../simulators/core/build-server.ts';
import type { ChannelBench } from './channel-suite.ts';

/** child → parent */
export type ServerMessage =
  | { type: 'ready'; kind: string; port: number; info: Record<string, unknown> }
  | {
      type: 'stats';
      orders?: number;
      journal?: number;
      rssMb: number;
      heapUsedMb: number;
      /** CPU time of the whole process (every thread: the event loop, V8's GC helpers, libuv) */
      cpuMs: number;
      /** time the event loop was busy (JavaScript, native callbacks, GC pauses on the main thread) */
      busyMs: number;
      /** time spent in GC pauses (scavenges, mark-compact finalisation) */
      gcMs: number;
    };

/** parent → child; `full`: count orders and journal entries too (listing the journal costs CPU,
 *  so the readings around each measured slice do not ask for it) */
export type ParentMessage = { type: 'stats'; full?: boolean } | { type: 'close' };

async function main(): Promise<void> {
  const [suiteFile, name] = process.argv.slice(-2) as [string, string];
  if (!process.send) throw new Error('bench/servers.ts runs as a child of a bench suite (it needs an IPC channel)');
  let app: FastifyInstance;
  let info: Record<string, unknown> = {};
  if (name === 'bare') app = buildBare();
  else {
    const suite = ((await import(pathToFileURL(suiteFile).href)) as { default: ChannelBench<unknown> }).default;
    const build = suite.servers[name];
    if (!build)
      throw new Error(`the ${suite.channel} bench has no server "${name}" (${Object.keys(suite.servers).join(', ')})`);
    ({ app, info = {} } = await build());
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');

  // where the server's CPU goes beyond its event loop: GC pauses here, the rest on other threads
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs += e.duration;
  }).observe({ entryTypes: ['gc'] });
  const sim = (app as Partial<SimServer>).sim;
  const send = (m: ServerMessage) => process.send!(m);
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'stats') {
      const mem = process.memoryUsage();
      const cpu = process.cpuUsage();
      const counts =
        m.full && sim
          ? { orders: sim.store.size(), journal: sim.journal.list({ limit: Number.MAX_SAFE_INTEGER }).length }
          : {};
      send({
        type: 'stats',
        cpuMs: (cpu.user + cpu.system) / 1000,
        busyMs: performance.eventLoopUtilization().active,
        gcMs,
        ...counts,
        rssMb: Math.round(mem.rss / 2 ** 20),
        heapUsedMb: Math.round(mem.heapUsed / 2 ** 20),
      });
    }
    if (m.type === 'close') void app.close().then(() => process.exit(0));
  });
  // the parent died or closed the channel: never linger
  process.on('disconnect', () => void app.close().finally(() => process.exit(0)));
  send({ type: 'ready', kind: name, port: address.port, info });
}

await main();
