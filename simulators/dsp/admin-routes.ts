/**
 * The DSP channel's own admin routes, mounted under /__admin behind the core's guard and JSON
 * error format: put a contract in place (POST /__admin/dsp/contracts) and list them with their
 * DeSignState, and read or switch the mode (GET|POST /__admin/dsp/mode: lenient or strict). Moving
 * a contract afterwards is the core's POST /__admin/orders/{key}/events/{cancel|re-sign}; its SMS
 * code is the core's order view, data.smsCode. JSON in and out, never the ATSYH wire format.
 */
import type { FastifyInstance } from 'fastify';
import type { ChannelApi } from '../core/channel.ts';
import { orderView } from '../core/admin-routes.ts';
import { BODY_REFUSALS, CREATE_REFUSALS, adminSchema, list, obj, orderWith, str } from '../core/admin-schemas.ts';
import { SimError } from '../core/errors.ts';
import type { Order } from '../core/order-store.ts';
import { contractKeyOf, contractKind, identityOf, type ContractData } from './contract.ts';
import type { DspRuntime } from './runtime.ts';
import { deSignStateOf, isContractState } from './states.ts';
import { DSP_DECONTRACT_FIELDS } from './wire/index.ts';

type Body = Record<string, unknown>;
const bad = (msg: string) => new SimError('SIM_ERR_ADMIN_BAD_REQUEST', msg);
const TEXT_FIELDS = ['AuthCode', 'PolicyNo', 'PayAct', 'RecAct', 'BankCode', 'PayName', 'RecName', 'CellPhone'];

export function contractView(o: Order) {
  return { ...orderView(o), DeSignState: deSignStateOf(o.state) };
}

function fieldsOf(b: Body): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of TEXT_FIELDS) {
    const v = b[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') throw bad(`"${k}" must be a string`);
    const max = DSP_DECONTRACT_FIELDS[k]?.maxLength ?? 20;
    if ([...v].length > max) throw bad(`"${k}" is longer than ${max} characters`);
    out[k] = v;
  }
  if (!out.AuthCode && !out.PolicyNo) throw bad('body needs "AuthCode" or "PolicyNo" (what names the contract)');
  if (!out.PayAct && !out.RecAct) throw bad('body needs "PayAct" or "RecAct" (the accounts of the contract)');
  return out;
}

function createContract(api: ChannelApi<DspRuntime>, b: Body): Order {
  const f = fieldsOf(b);
  const state = b.state ?? 'ACTIVE';
  if (!isContractState(state) || state === 'APPLIED')
    throw bad(`"state" must be ACTIVE (签约中) or CANCELLED (已解约), not ${JSON.stringify(state)}`);
  const scenario = b.scenario;
  if (scenario !== undefined && typeof scenario !== 'string') throw bad('"scenario" must be a scenario id');
  const data: ContractData = { ...identityOf(f), origin: 'admin' };
  for (const k of ['BankCode', 'PayName', 'RecName', 'CellPhone'] as const) if (f[k]) data[k] = f[k];
  const init = { key: contractKeyOf(f), kind: contractKind.name, merchant: 'front', state, data };
  return api.createOrder(init, scenario);
}

const tags: ['dsp'] = ['dsp'];
const CONTRACT = orderWith(
  { DeSignState: str('success when 已解约, else fail', { enum: ['success', 'fail'] }) },
  'a contract (the core order view, its SMS code in data.smsCode, with its DeSignState)',
);
const MODE = obj({ mode: str('lenient (warn) or strict (refuse)', { enum: ['lenient', 'strict'] }) }, ['mode']);

export function registerDspAdminRoutes(app: FastifyInstance, api: ChannelApi<DspRuntime>): void {
  app.post(
    '/dsp/contracts',
    {
      schema: adminSchema({
        operationId: 'createDspContract',
        summary: 'put a contract in place',
        description:
          'AuthCode or PolicyNo names it, PayAct and/or RecAct are its accounts. Move it afterwards with POST /orders/{key}/events/{cancel|re-sign}.',
        tags,
        body: {
          ...obj({
            ...Object.fromEntries(
              TEXT_FIELDS.map((k) => [k, str(undefined, { maxLength: DSP_DECONTRACT_FIELDS[k]?.maxLength ?? 20 })]),
            ),
            state: str(undefined, { enum: ['ACTIVE', 'CANCELLED'], default: 'ACTIVE' }),
            scenario: str('the scenario that answers it'),
          }),
          allOf: [
            { anyOf: [{ required: ['AuthCode'] }, { required: ['PolicyNo'] }] },
            { anyOf: [{ required: ['PayAct'] }, { required: ['RecAct'] }] },
          ],
        },
        ok: { 201: ['the contract', CONTRACT] },
        errors: CREATE_REFUSALS,
      }),
    },
    async (req, reply) => {
      const b = req.body ?? {};
      if (typeof b !== 'object' || Array.isArray(b)) throw bad('body must be a JSON object');
      return reply.code(201).send(contractView(createContract(api, b as Body)));
    },
  );

  app.get(
    '/dsp/contracts',
    {
      schema: adminSchema({
        operationId: 'listDspContracts',
        summary: 'every contract with its DeSignState and its last SMS code (data.smsCode)',
        tags,
        ok: { 200: ['the contracts', obj({ contracts: list(CONTRACT) }, ['contracts'])] },
      }),
    },
    async () => ({ contracts: api.store.list({ kind: 'contract' }).map(contractView) }),
  );

  app.get(
    '/dsp/mode',
    {
      schema: adminSchema({
        operationId: 'getDspMode',
        summary: 'the check mode: lenient (warn) or strict (refuse)',
        tags,
        ok: { 200: ['the mode', MODE] },
      }),
    },
    async () => ({ mode: api.runtime.strict ? 'strict' : 'lenient' }),
  );

  app.post(
    '/dsp/mode',
    {
      schema: adminSchema({
        operationId: 'setDspMode',
        summary: 'switch the check mode',
        tags,
        body: obj({ strict: { type: 'boolean', description: 'true: refuse what the document forbids' } }, ['strict']),
        ok: { 200: ['the mode now', MODE] },
        errors: BODY_REFUSALS,
      }),
    },
    async (req) => {
      const strict = ((req.body ?? {}) as Body).strict;
      if (typeof strict !== 'boolean') throw bad('body needs "strict": true or false');
      api.runtime.strict = strict;
      return { mode: strict ? 'strict' : 'lenient' };
    },
  );
}
