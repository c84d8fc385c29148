/**
 * The Lakala benchmark suite: 银直通签约解约查询 of one signed agreement (the seed's example 1,
 * brought into being by its first query and read by every later one; the same signed request every
 * time, as a query is idempotent), against the sign-only server (verify the merchant's
 * SHA256withRSA over the raw body, sign an answer as large as Lakala's into the Lklapi-* headers)
 * and against bare Fastify. One PKI, generated into a temporary directory, serves every server;
 * each server also answers one request verified as Lakala's SDK verifies it. A declaration for
 * bench/channel-suite.ts; the servers are built in child processes (bench/lakala-servers.ts,
 * loaded only there).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLakalaPki } from '../../simulators/lakala/test-pki.ts';
import { BARE_JSON_BODY } from '../bare-server.ts';
import type { ChannelBench } from '../channel-suite.ts';
import type { Load } from '../load-run.ts';
import {
  LKL_PATH,
  LKL_PKI_ENV,
  checkBody,
  lakalaQuick,
  signedRequest,
  verifyAnswer,
  type LakalaBenchRequest,
} from '../lakala-fixtures.ts';

interface LakalaContext {
  req: LakalaBenchRequest;
  platformCertPem: string;
  probes: Map<string, string | undefined>;
}

const probeNote =
  'one request verified as the SDK does (HTTP 200, Lklapi-Serial, Lklapi-Signature over the body, 000000, result_state 2)';
const load = (c: LakalaContext): Load => ({
  path: LKL_PATH,
  headers: c.req.headers,
  next: () => c.req.body,
  quick: lakalaQuick,
  full: (body) => checkBody(body),
});

const suite: ChannelBench<LakalaContext> = {
  channel: 'lakala',
  title: 'the Lakala sign_qry query against bare Fastify and the RSA sign-only server, same run',
  servers: {
    simulator: async () => ({ app: (await import('../lakala-servers.ts')).buildLakalaSim() }),
    signOnly: async () => (await import('../lakala-servers.ts')).buildSignOnly(),
  },
  async prepare() {
    // one PKI for everyone, generated fresh (≈1 s) and removed afterwards
    const dir = mkdtempSync(join(tmpdir(), 'channel-sim-bench-lakala-'));
    const pki = loadOrCreateLakalaPki(join(dir, 'pki'), Date.now());
    return {
      context: {
        req: signedRequest({ serialNo: pki.merchant.serialNo, key: pki.merchant.privateKey }),
        platformCertPem: pki.platform.certPem,
        probes: new Map(),
      },
      env: { [LKL_PKI_ENV]: pki.dir },
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  bare: (c) => ({
    path: LKL_PATH,
    headers: c.req.headers,
    next: () => c.req.body,
    quick: (status, body) => status === 200 && body === BARE_JSON_BODY,
    full: (body) => (body === BARE_JSON_BODY ? undefined : `unexpected body ${body}`),
  }),
  cryptoOnly: {
    signOnly: {
      label: 'B rsa sign-only',
      describe: (info) =>
        `(verifies the request's SHA256withRSA, answers the simulator's own ${info.responseBytes ?? '?'}-byte resp_data signed into Lklapi-*; the same signed request as A)`,
      load,
      probe: (c, server) => verifyAnswer(server.port, c.req, c.platformCertPem),
    },
  },
  paths: [
    {
      name: 'lakalaSignQry',
      label: 'lakala sign_qry',
      cryptoOnly: 'signOnly',
      async load(c, sim) {
        c.probes.set('lakalaSignQry', await verifyAnswer(sim.port, c.req, c.platformCertPem));
        return load(c);
      },
      check(c, r) {
        const probe = c.probes.get('lakalaSignQry');
        if (probe) r.problems.push(`probe: ${probe}`);
        else r.notes.push(probeNote);
        const orders = r.server_stats?.orders ?? 0;
        r.notes.push(`${orders} agreement in the store (made by the first query, read by every other)`);
        if (orders !== 1) r.problems.push(`agreement count ${orders}, expected 1`);
      },
    },
  ],
  async report(_c, runs) {
    const b = runs.get('signOnly');
    if (b && !b.problems.length) b.notes.push(probeNote);
    return {};
  },
};

export default suite;
