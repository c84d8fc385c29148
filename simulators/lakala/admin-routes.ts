/**
 * The Lakala channel's own admin routes, mounted under /__admin behind the core's guard and JSON
 * error format: put an agreement in place (POST /__admin/lakala/agreements) and list them,
 * configure more merchants for an appid (POST|GET /__admin/lakala/merchants), and register / list
 * merchant certificates requests may be signed with (POST|GET /__admin/lakala/merchant-certs).
 * Moving an agreement afterwards is the core's POST /__admin/orders/{key}/events/{verify|fail|
 * unsign|repeat-sign}. JSON in and out; it must not answer in Lakala's wire format.
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
  open,
  orderWith,
  str,
} from '../core/admin-schemas.ts';
import { SimError } from '../core/errors.ts';
import { validityWarnings } from '../core/cert-dir.ts';
import { isFailureReason } from '../core/outcome.ts';
import type { Order } from '../core/order-store.ts';
import {
  agreementKey,
  agreementKind,
  agreementNo,
  simulatedCard,
  simulatedHolder,
  type AgreementData,
} from './agreements.ts';
import type { LakalaRuntime, MerchantCert } from './runtime.ts';
import { AGREEMENT_STATES, isAgreementState } from './states.ts';
import { SIGN_QRY_SCHEMA, checkSignQry } from './wire/index.ts';

type Body = Record<string, unknown>;
const bad = (msg: string) => new SimError('SIM_ERR_ADMIN_BAD_REQUEST', msg);
/** the seed's example 1 values, for what an admin request leaves out */
const EXAMPLE = { enterprise_num: 'HN43000009023690002', corp_bank_code: 'GJ101', corp_act: '43050179373600000471' };

function text(b: Body, name: string, required = false): string | undefined {
  const v = b[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw bad(`body needs "${name}"`);
    return undefined;
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw bad(`"${name}" must be a string`);
  return String(v);
}

function objectBody(body: unknown, shape: string): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw bad(`body must be a JSON object ${shape}`);
  return body as Body;
}

export function agreementView(o: Order) {
  return { ...orderView(o), agreement: agreementKind.data(o) };
}

function certView(c: MerchantCert) {
  const { publicKey: _k, ...rest } = c;
  return rest;
}

const AGREEMENT_SHAPE =
  '{protocol_code, merchant_no?, cust_act?, corp_act?, enterprise_num?, corp_bank_code?, state?, reason?, holder?, appid?, scenario?}';

function holderOf(b: Body, key: string): Pick<AgreementData, 'holder' | 'person'> {
  const h = b.holder;
  if (h === false) return {};
  if (h === undefined || h === true) return simulatedHolder(key);
  const given = objectBody(h, '{cust_name, cert_num, mobile, limit_amount}');
  const base = simulatedHolder(key).holder;
  const field = (k: keyof typeof base) => text(given, k) ?? base[k];
  return {
    holder: {
      cust_name: field('cust_name'),
      cert_num: field('cert_num'),
      mobile: field('mobile'),
      limit_amount: field('limit_amount'),
    },
  };
}

function createAgreement(api: ChannelApi<LakalaRuntime>, b: Body): Order {
  const rt = api.runtime;
  const appid = text(b, 'appid') ?? rt.primaryAppid;
  const merchants = rt.apps.get(appid);
  if (!merchants) throw bad(`appid ${appid} is not configured (${[...rt.apps.keys()].join(', ')})`);
  const merchant_no = text(b, 'merchant_no') ?? [...merchants.keys()][0];
  if (!merchant_no || !merchants.has(merchant_no))
    throw bad(
      `merchant_no ${merchant_no} is not configured for appid ${appid}; add it with POST /__admin/lakala/merchants`,
    );
  const protocol_code = text(b, 'protocol_code', true)!;
  const fields = {
    merchant_no,
    enterprise_num:
      text(b, 'enterprise_num') ?? merchants.get(merchant_no)!.enterprise_num?.[0] ?? EXAMPLE.enterprise_num,
    corp_bank_code:
      text(b, 'corp_bank_code') ?? merchants.get(merchant_no)!.corp_bank_code?.[0] ?? EXAMPLE.corp_bank_code,
    sign_flag: '0',
    cust_act: text(b, 'cust_act') ?? simulatedCard(`${merchant_no}/${protocol_code}`),
    corp_act: text(b, 'corp_act') ?? EXAMPLE.corp_act,
    protocol_code,
  };
  const problem = checkSignQry(fields)[0];
  if (problem) throw bad(problem.message);
  const state = text(b, 'state') ?? 'SIGNED';
  if (!isAgreementState(state))
    throw bad(`"state" must be one of ${AGREEMENT_STATES.join(', ')}, not ${JSON.stringify(state)}`);
  const reason = text(b, 'reason');
  if (reason !== undefined && !isFailureReason(reason)) throw bad(`"reason" ${reason} is not a failure reason`);
  const key = agreementKey(fields);
  const { sign_flag: _f, ...rest } = fields;
  const data: AgreementData = {
    ...rest,
    agreement_no: agreementNo(key, rt.clock.now()),
    ...holderOf(b, key),
    origin: 'admin',
  };
  const order = api.createOrder(
    { key, kind: 'agreement', merchant: appid, state, data: { ...data } },
    text(b, 'scenario'),
  );
  if (reason) order.reason = reason;
  return order;
}

const tags: ['lakala'] = ['lakala'];
const AGREEMENT = orderWith(
  { agreement: open('the agreement: the 签约 fields, agreement_no, the holder when it has one') },
  'an agreement (the core order view with its fields)',
);
const CERT = certificate(
  {
    serialNo: str('the serial number requests name it by'),
    appid: str('the only appid that may sign with it; absent: any configured appid'),
  },
  ['serialNo'],
);
const strings = (description: string) => ({
  anyOf: [str(), list(str())],
  description: `${description}: one or a list`,
});
const MERCHANT = obj(
  {
    merchant_no: str(),
    enterprise_num: list(str(), 'the enterprise_num values valid for it (empty or absent: any)'),
    corp_bank_code: list(str(), 'the corp_bank_code values valid for it (empty or absent: any)'),
  },
  ['merchant_no'],
);

export function registerLakalaAdminRoutes(app: FastifyInstance, api: ChannelApi<LakalaRuntime>): void {
  const rt = api.runtime;

  app.post(
    '/lakala/agreements',
    {
      schema: adminSchema({
        operationId: 'createLakalaAgreement',
        summary: 'put an agreement in place',
        description:
          'What the request leaves out comes from the merchant and the seed example. Move it afterwards with POST /orders/{key}/events/{verify|fail|unsign|repeat-sign}.',
        tags,
        body: obj(
          {
            protocol_code: str('协议编号'),
            merchant_no: str('a merchant_no configured for the appid (default: its first)'),
            cust_act: str('the payer account (default: a simulated card)'),
            corp_act: str(),
            enterprise_num: str(),
            corp_bank_code: str(),
            state: str(undefined, { enum: [...AGREEMENT_STATES], default: 'SIGNED' }),
            reason: str('a failure reason, for a failed agreement'),
            holder: {
              description: 'the card holder: true (simulated, the default), false (none), or the fields',
              anyOf: [
                { type: 'boolean' },
                obj({ cust_name: str(), cert_num: str(), mobile: str(), limit_amount: str() }),
              ],
            },
            appid: str('default: the primary appid'),
            scenario: str('the scenario that answers it'),
          },
          ['protocol_code'],
        ),
        ok: { 201: ['the agreement', AGREEMENT] },
        errors: CREATE_REFUSALS,
      }),
    },
    async (req, reply) =>
      reply.code(201).send(agreementView(createAgreement(api, objectBody(req.body ?? {}, AGREEMENT_SHAPE)))),
  );

  app.get(
    '/lakala/agreements',
    {
      schema: adminSchema({
        operationId: 'listLakalaAgreements',
        summary: 'every agreement with its state and data',
        tags,
        ok: { 200: ['the agreements', obj({ agreements: list(AGREEMENT) }, ['agreements'])] },
      }),
    },
    async () => ({
      agreements: api.store.list({ kind: 'agreement' }).map(agreementView),
    }),
  );

  app.post(
    '/lakala/merchants',
    {
      schema: adminSchema({
        operationId: 'configureLakalaMerchant',
        summary: 'configure a merchant_no for an appid',
        tags,
        body: obj(
          {
            merchant_no: str(undefined, { maxLength: 32 }),
            appid: str('default: the primary appid'),
            enterprise_num: strings('the enterprise_num values valid for it'),
            corp_bank_code: strings('the corp_bank_code values valid for it'),
          },
          ['merchant_no'],
        ),
        ok: {
          201: [
            'the merchant',
            obj(
              {
                appid: str(),
                merchant_no: str(),
                enterprise_num: list(str()),
                corp_bank_code: list(str()),
              },
              ['appid', 'merchant_no', 'enterprise_num', 'corp_bank_code'],
            ),
          ],
        },
        errors: BODY_REFUSALS,
      }),
    },
    async (req, reply) => {
      const b = objectBody(req.body ?? {}, '{merchant_no, appid?, enterprise_num?, corp_bank_code?}');
      const merchant_no = text(b, 'merchant_no', true)!;
      if ([...merchant_no].length > (SIGN_QRY_SCHEMA.merchant_no!.maxLength ?? 32))
        throw bad('"merchant_no" is longer than String(32)');
      const list = (k: string) => {
        const v = b[k];
        if (v === undefined) return undefined;
        const arr = Array.isArray(v) ? v : [v];
        if (!arr.every((s) => typeof s === 'string' && s !== ''))
          throw bad(`"${k}" must be a string or a list of strings`);
        return arr as string[];
      };
      const appid = text(b, 'appid') ?? rt.primaryAppid;
      const enterprise_num = list('enterprise_num');
      const corp_bank_code = list('corp_bank_code');
      rt.addMerchant(appid, {
        merchant_no,
        ...(enterprise_num ? { enterprise_num } : {}),
        ...(corp_bank_code ? { corp_bank_code } : {}),
      });
      return reply
        .code(201)
        .send({ appid, merchant_no, enterprise_num: enterprise_num ?? [], corp_bank_code: corp_bank_code ?? [] });
    },
  );

  app.get(
    '/lakala/merchants',
    {
      schema: adminSchema({
        operationId: 'listLakalaMerchants',
        summary: 'the merchants configured for each appid',
        tags,
        ok: {
          200: [
            'the apps and their merchants',
            obj({ apps: list(obj({ appid: str(), merchants: list(MERCHANT) }, ['appid', 'merchants'])) }, ['apps']),
          ],
        },
      }),
    },
    async () => ({
      apps: [...rt.apps.entries()].map(([appid, m]) => ({ appid, merchants: [...m.values()] })),
    }),
  );

  app.post(
    '/lakala/merchant-certs',
    {
      schema: adminSchema({
        operationId: 'registerLakalaMerchantCert',
        summary: 'register a merchant certificate (PEM or DER, RSA), optionally bound to an appid',
        tags,
        body: obj(
          {
            certPem: str('the certificate: PEM, or DER in base64'),
            appid: str('the only appid that may sign with it'),
          },
          ['certPem'],
        ),
        ok: {
          201: [
            'the certificate registered',
            {
              allOf: [
                CERT,
                obj({ serial_no: str('serialNo, as the wire spells it'), warnings: certWarnings }, [
                  'serial_no',
                  'warnings',
                ]),
              ],
            },
          ],
        },
        errors: BODY_REFUSALS,
      }),
    },
    async (req, reply) => {
      const b = objectBody(req.body ?? {}, '{certPem, appid?}');
      const certPem = text(b, 'certPem', true)!;
      const appid = text(b, 'appid');
      if (appid !== undefined && !rt.apps.has(appid)) throw bad(`appid ${appid} is not configured`);
      let cert: MerchantCert;
      try {
        cert = rt.registerMerchantCert(certPem, { source: 'admin', ...(appid ? { appid } : {}) });
      } catch (e) {
        throw bad(`certPem: ${(e as Error).message}`);
      }
      const warnings = validityWarnings(cert, rt.clock.now());
      return reply.code(201).send({ ...certView(cert), serial_no: cert.serialNo, warnings });
    },
  );

  app.get(
    '/lakala/merchant-certs',
    {
      schema: adminSchema({
        operationId: 'listLakalaMerchantCerts',
        summary: 'the merchant certificates requests may be signed with',
        tags,
        ok: { 200: ['the certificates', obj({ certs: list(CERT) }, ['certs'])] },
      }),
    },
    async () => ({ certs: [...rt.certs.values()].map(certView) }),
  );
}
