/**
 * The UnionPay channel's own admin routes, mounted under /__admin behind the core's guard and
 * JSON error format: put a contract in place (POST /__admin/unionpay/contracts) and list them,
 * configure / list merchants (POST|GET /__admin/unionpay/merchants), and register / list merchant
 * certificates that requests may be signed with, each its merchant's (POST|GET
 * /__admin/unionpay/merchant-certs). Moving a contract afterwards is the core's
 * POST /__admin/orders/{contractId}/events/{activate|report-lost|cancel|expire}. JSON in and out;
 * it must not answer in UnionPay's wire format.
 */
import type { FastifyInstance } from 'fastify';
import type { ChannelApi } from '../core/channel.ts';
import { orderView } from '../core/admin-routes.ts';
import {
  BODY_REFUSALS,
  CREATE_REFUSALS,
  adminSchema,
  certWarnings,
  certificate,
  list,
  obj,
  orderWith,
  str,
} from '../core/admin-schemas.ts';
import { SimError } from '../core/errors.ts';
import { validityWarnings } from '../core/cert-dir.ts';
import type { Order } from '../core/order-store.ts';
import { contractKind, futureTokenEnd, type ContractData } from './operations.ts';
import type { MerchantCert, UnionPayRuntime } from './runtime.ts';
import { stateOfTokenStatus, tokenStatusOf } from './states.ts';
import { CONTRACT_QUERY_RULES, checkFieldValue, parseTxnTime } from './wire/index.ts';

/** the scenario admin-created contracts get unless told: answer the contract as it is */
export const AS_IS_SCENARIO = 'unionpay/as-is';

type Body = Record<string, unknown>;
const bad = (msg: string) => new SimError('SIM_ERR_ADMIN_BAD_REQUEST', msg);

function text(b: Body, name: string, required: boolean): string | undefined {
  const v = b[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw bad(`body needs "${name}"`);
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw bad(`"${name}" must be a string`);
  return String(v);
}

function checked(field: keyof typeof CONTRACT_QUERY_RULES, value: string | undefined): string | undefined {
  const p = value === undefined ? undefined : checkFieldValue(field, CONTRACT_QUERY_RULES[field], value);
  if (p) throw bad(p.message);
  return value;
}

export function contractView(o: Order) {
  return { ...orderView(o), tokenStatus: tokenStatusOf(o.state), tokenEndExpr: contractKind.data(o).tokenEndExpr };
}

function certView(c: MerchantCert) {
  const { rsaPublicKey: _k, sm2Verifier: _v, ...rest } = c;
  return rest;
}

function createContract(api: ChannelApi<UnionPayRuntime>, b: Body): Order {
  const contractId = checked('contractId', text(b, 'contractId', true))!;
  const planId = checked('planId', text(b, 'planId', true))!;
  const merId = checked('merId', text(b, 'merId', false)) ?? api.runtime.merId;
  const tokenStatus = text(b, 'tokenStatus', false) ?? '1';
  const tokenEndExpr = text(b, 'tokenEndExpr', false);
  const now = api.runtime.clock.now();
  const end = tokenEndExpr === undefined ? undefined : parseTxnTime(tokenEndExpr);
  if (tokenEndExpr !== undefined && end === undefined)
    throw bad(`"tokenEndExpr" must be a real Beijing date-time YYYYMMDDhhmmss, not ${JSON.stringify(tokenEndExpr)}`);
  const state = stateOfTokenStatus(tokenStatus, end !== undefined && end < now);
  if (!state)
    throw bad(`"tokenStatus" must be 0 (初始化), 1 (激活), 2 (挂失) or 3 (注销), not ${JSON.stringify(tokenStatus)}`);
  const scenario = text(b, 'scenario', false);
  const data: ContractData = {
    contractId,
    planId,
    merId,
    origin: 'admin',
    tokenEndExpr: tokenEndExpr ?? futureTokenEnd(now),
  };
  const init = { key: contractId, kind: 'contract', merchant: merId, state, data: { ...data } };
  try {
    // not the default scenario: default.yaml answers 34 to contracts that do not exist
    return api.createOrder(init, scenario ?? AS_IS_SCENARIO);
  } catch (e) {
    if (scenario === undefined && e instanceof SimError && e.code === 'SIM_ERR_ADMIN_NOT_FOUND') {
      throw bad(
        `the scenarios directory has no ${AS_IS_SCENARIO}.yaml (answer the contract as it is); pass "scenario"`,
      );
    }
    throw e;
  }
}

const tags: ['unionpay'] = ['unionpay'];
const CONTRACT = orderWith(
  {
    tokenStatus: str('0 初始化, 1 激活, 2 挂失, 3 注销', { enum: ['0', '1', '2', '3'] }),
    tokenEndExpr: str("the token's end, YYYYMMDDhhmmss Beijing time"),
  },
  'a contract (the core order view, data.contractId…, with its token status)',
);
const CERT = certificate(
  {
    certId: str('the certId requests name it by'),
    kind: str(undefined, { enum: ['rsa', 'sm2'] }),
    merId: str('the merchant that may sign with it'),
  },
  ['certId', 'kind', 'merId'],
);
const MERCHANT = obj(
  {
    merId: str(),
    secureKey: str('the secure key of its 11/12 (SM3 with the key) requests'),
    source: str('where it came from', { enum: ['default', 'credentials', 'admin', 'certificate'] }),
  },
  ['merId', 'secureKey', 'source'],
);

export function registerUnionPayAdminRoutes(app: FastifyInstance, api: ChannelApi<UnionPayRuntime>): void {
  const rt = api.runtime;

  app.post(
    '/unionpay/contracts',
    {
      schema: adminSchema({
        operationId: 'createUnionPayContract',
        summary: 'put a contract in place',
        description: `Answered by the scenario it names, by default ${AS_IS_SCENARIO} (the contract as it is). Move it afterwards with POST /orders/{contractId}/events/{activate|report-lost|cancel|expire}.`,
        tags,
        body: obj(
          {
            contractId: str('协议号, as UnionPay spells it'),
            planId: str('模板号'),
            merId: str('商户代码 (default: the default merchant)'),
            tokenStatus: str('0 初始化, 1 激活 (default), 2 挂失, 3 注销', { enum: ['0', '1', '2', '3'] }),
            tokenEndExpr: str('YYYYMMDDhhmmss Beijing time (default: far in the future); a past one expires it'),
            scenario: str(`the scenario that answers it (default ${AS_IS_SCENARIO})`),
          },
          ['contractId', 'planId'],
        ),
        ok: { 201: ['the contract', CONTRACT] },
        errors: CREATE_REFUSALS,
      }),
    },
    async (req, reply) => {
      const b = (req.body ?? {}) as Body;
      if (typeof b !== 'object' || Array.isArray(b))
        throw bad('body must be a JSON object {contractId, planId, merId?, tokenStatus?, tokenEndExpr?, scenario?}');
      return reply.code(201).send(contractView(createContract(api, b)));
    },
  );

  app.get(
    '/unionpay/contracts',
    {
      schema: adminSchema({
        operationId: 'listUnionPayContracts',
        summary: 'every contract with tokenStatus and tokenEndExpr',
        tags,
        ok: { 200: ['the contracts', obj({ contracts: list(CONTRACT) }, ['contracts'])] },
      }),
    },
    async () => ({ contracts: api.store.list({ kind: 'contract' }).map(contractView) }),
  );

  app.post(
    '/unionpay/merchant-certs',
    {
      schema: adminSchema({
        operationId: 'registerUnionPayMerchantCert',
        summary: 'register a merchant certificate (PEM or DER, RSA or SM2) of a merId',
        tags,
        body: obj(
          {
            certPem: str('the certificate: PEM, or DER in base64'),
            merId: str('the merchant that may sign with it (default: the default merchant)'),
          },
          ['certPem'],
        ),
        ok: {
          201: [
            'the certificate registered',
            obj(
              {
                certId: str(),
                kind: str(undefined, { enum: ['rsa', 'sm2'] }),
                merId: str(),
                subject: str(),
                validFrom: str(undefined, { format: 'date-time' }),
                validTo: str(undefined, { format: 'date-time' }),
                signMethod: str('the signMethod requests signed with it carry', { enum: ['01', '21'] }),
                warnings: certWarnings,
              },
              ['certId', 'kind', 'merId', 'subject', 'validFrom', 'validTo', 'signMethod', 'warnings'],
            ),
          ],
        },
        errors: BODY_REFUSALS,
      }),
    },
    async (req, reply) => {
      const b = (req.body ?? {}) as Body;
      const certPem = text(b, 'certPem', true)!;
      const merId = checked('merId', text(b, 'merId', false));
      let cert: MerchantCert;
      try {
        cert = rt.registerMerchantCert(certPem, { source: 'admin', ...(merId ? { merId } : {}) });
      } catch (e) {
        throw bad(`certPem: ${(e as Error).message}`);
      }
      const warnings = validityWarnings(cert, rt.clock.now());
      return reply.code(201).send({
        certId: cert.certId,
        kind: cert.kind,
        merId: cert.merId,
        subject: cert.subject,
        validFrom: cert.validFrom,
        validTo: cert.validTo,
        signMethod: cert.kind === 'rsa' ? '01' : '21',
        warnings,
      });
    },
  );

  app.post(
    '/unionpay/merchants',
    {
      schema: adminSchema({
        operationId: 'configureUnionPayMerchant',
        summary: 'configure a merchant: any merId not configured answers 31',
        tags,
        body: obj({ merId: str('商户代码'), secureKey: str('its secure key (generated when absent)') }, ['merId']),
        ok: { 201: ['the merchant', MERCHANT] },
        errors: BODY_REFUSALS,
      }),
    },
    async (req, reply) => {
      const b = (req.body ?? {}) as Body;
      const merId = checked('merId', text(b, 'merId', true))!;
      const secureKey = text(b, 'secureKey', false);
      const m = rt.addMerchant(merId, { source: 'admin', ...(secureKey ? { secureKey } : {}) });
      return reply.code(201).send(m);
    },
  );

  app.get(
    '/unionpay/merchants',
    {
      schema: adminSchema({
        operationId: 'listUnionPayMerchants',
        summary: 'the configured merchants (any other merId answers 31), with their secure keys',
        tags,
        ok: { 200: ['the merchants', obj({ merchants: list(MERCHANT) }, ['merchants'])] },
      }),
    },
    async () => ({ merchants: [...rt.merchants.values()] }),
  );

  app.get(
    '/unionpay/merchant-certs',
    {
      schema: adminSchema({
        operationId: 'listUnionPayMerchantCerts',
        summary: 'the merchant certificates requests may be signed with',
        tags,
        ok: { 200: ['the certificates', obj({ certs: list(CERT) }, ['certs'])] },
      }),
    },
    async () => ({ certs: [...rt.certs.values()].map(certView) }),
  );
}
