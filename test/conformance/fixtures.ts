/**
 * The conformance fixture of every channel, by name: the suite fails for a channel in the
 * registry that has none here. The toy channel is here too, as the template.
 */
import type { ChannelFixture } from './fixture.ts';
import { dspFixture } from './dsp.ts';
import { lakalaFixture } from './lakala.ts';
import { lftFixture } from './lft.ts';
import { toyFixture } from './toy.ts';
import { unionpayFixture } from './unionpay.ts';
import { withholdFixture } from './withhold.ts';

export const fixtures: Record<string, ChannelFixture> = {
  lakala: lakalaFixture,
  dsp: dspFixture,
  lft: lftFixture,
  unionpay: unionpayFixture,
  withhold: withholdFixture,
  toy: toyFixture,
};
