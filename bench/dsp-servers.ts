/**
 * The DSP servers of the benchmark, built inside a bench/servers.ts child process:
 *
 * simulator: the real DSP simulator, system clock, default scenarios (lenient mode).
 * xml:       Fastify doing only DSP's unavoidable wire work: find the charset, decode, parse the
 *            ATSYH XML safely (the simulator's own parser: validator, then parser), and write an
 *            ATSYH answer as large as the simulator's (its example answer, echoing the request's
 *            BankCode, TransSeqID and ReqSeqID) in the request's charset.
 *
 * Nothing here listens: bench/servers.ts does, on 127.0.0.1 only.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { buildServer, type SimServer } from '../simulators/core/build-server.ts';
import { createClock } from '../simulators/core/clock.ts';
import { dsp } from '../simulators/dsp/index.ts';
import { dspContentType, encodeDspResponse, parseAtsyh } from '../simulators/dsp/wire/index.ts';
import { answerLikeTheSim } from './answer-like-the-sim.ts';

export function buildDspSim(): SimServer {
  return buildServer(dsp, {
    scenarios: loadScenarios(join(import.meta.dirname, '..', 'scenarios'), dsp),
    config: { dataDir: join(tmpdir(), 'channel-sim-bench') },
    clock: createClock({ mode: 'system' }),
  }) as SimServer;
}

export async function buildXmlOnly(): Promise<{ app: FastifyInstance; info: Record<string, unknown> }> {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 64 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/*', async (req, reply) => {
    const parsed = parseAtsyh(req.body as Buffer, 'TransReq', req.headers['content-type']);
    const f = parsed.ok ? parsed.fields : {};
    const charset = parsed.charset;
    const body = encodeDspResponse(
      {
        BankCode: f.BankCode ?? '',
        TransType: f.TransType ?? '',
        TransSeqID: f.TransSeqID ?? '',
        RespCode: parsed.ok ? '0' : '-1',
        RespInfo: '验证码已发送',
        ReqSeqID: f.ReqSeqID ?? '',
        UnifiedCode: 'EC100',
        DeSignState: 'fail',
        OriginalCode: '0001',
      },
      charset,
    );
    return answerLikeTheSim(reply, { 'content-type': dspContentType(charset) }, body);
  });
  return { app, info: {} };
}
