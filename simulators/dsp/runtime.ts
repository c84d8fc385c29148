/**
 * What the DSP simulator holds besides contracts: the clock, and the mode it checks requests in.
 * Lenient (the default) accepts what the document's own example sends and records a warning per
 * discrepancy with the field table; strict refuses the first one with RespCode -1 naming the
 * field. The mode starts from SIM_DSP_STRICT (1/true) and is switched at run time through
 * POST /__admin/dsp/mode; one request is checked strictly by the dsp/strict scenario. A bank front
 * has no keys or certificates: nothing here is secret, and there is no credentials file.
 */
import type { ChannelConfig } from '../core/channel.ts';
import type { Clock } from '../core/clock.ts';

export interface DspRuntime {
  clock: Clock;
  /** refuse what the field table does not allow, instead of warning */
  strict: boolean;
}

/** the environment variable that starts the simulator in strict mode */
export const DSP_STRICT_ENV = 'SIM_DSP_STRICT';

export function createDspRuntime(_config: ChannelConfig, env: { clock: Clock }): DspRuntime {
  const flag = (process.env[DSP_STRICT_ENV] ?? '').trim().toLowerCase();
  return { clock: env.clock, strict: flag === '1' || flag === 'true' };
}
