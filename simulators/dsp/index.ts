/**
 * The DSP bank-direct front (ATSYH XML) channel, assembled: the wire (XML in UTF-8, GBK, GB18030
 * or GB2312, answered in the request's charset), 单笔解约 DeContract in two steps on any path of
 * the port, the contract state machine and its events, the lenient/strict mode, and the channel's
 * admin routes (put a contract in place, the mode). No callbacks (the document has none) and no
 * credentials (a bank front on a private line has no keys): what a client needs is shown anyway.
 */
import type { Channel } from '../core/channel.ts';
import { registerDspAdminRoutes } from './admin-routes.ts';
import { dspOperations } from './operations.ts';
import { createDspRuntime, DSP_STRICT_ENV, type DspRuntime } from './runtime.ts';
import { dspMachines } from './states.ts';
import { dspWire } from './wire-adapter.ts';
import { DSP_CHARSETS, DSP_COMMAND_CODE, DSP_MAX_BODY_BYTES, DSP_TRANS_TYPE, DSP_VERSION } from './wire/index.ts';
import { dspDescriptor } from './descriptor.ts';

function credentials(rt: DspRuntime): Record<string, unknown> {
  return {
    path: 'any path on the port (a bank front listens on one address); e.g. POST /',
    contentType: 'text/xml or application/xml; charset from the XML declaration, else Content-Type, else UTF-8',
    charsets: DSP_CHARSETS,
    version: DSP_VERSION,
    transType: DSP_TRANS_TYPE,
    commandCode: DSP_COMMAND_CODE,
    steps: { '01': '解约申请 (sends an SMS code)', '02': '解约确认 (with SmsCode)' },
    bankCodes: 'any 线路代码 (the document shows ALIPAY01, GZELINK01, CMBC02)',
    smsCode: 'GET /__admin/orders/{AuthCode|PolicyNo}:{PayAct}:{RecAct} → data.smsCode (also in the journal)',
    maxBodyBytes: DSP_MAX_BODY_BYTES,
    mode: rt.strict ? 'strict' : 'lenient',
    modeSwitch: `POST /__admin/dsp/mode {"strict": true|false}; at start ${DSP_STRICT_ENV}=1; one request: scenario dsp/strict`,
    secrets: 'none: the front authenticates nothing',
  };
}

export const dsp: Channel<DspRuntime> = {
  name: dspDescriptor.name,
  title: dspDescriptor.title,
  defaultPort: dspDescriptor.defaultPort,
  bodyLimit: DSP_MAX_BODY_BYTES,
  machines: dspMachines,
  operations: dspOperations,
  wire: dspWire,
  createRuntime: createDspRuntime,
  credentials,
  adminRoutes: registerDspAdminRoutes,
};
