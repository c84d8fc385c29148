/**
 * Reference client for Lakala (拉卡拉) open platform v3 银直通签约解约查询, as strict as Lakala's
 * official SDK (`lkl-java-sdk`): it signs the request body it sends (Authorization
 * `LKLAPI-SHA256withRSA`, keys in the SDK's order), accepts only an HTTP 200 answer, finds the
 * platform certificate by `Lklapi-Serial` read as a hex number, refuses a certificate that is not
 * valid now (the SDK's checkValidity()), and verifies `Lklapi-Signature` over the exact body
 * bytes before reading anything; a bad signature throws SignatureError, an unusable certificate
 * CertificateError. A verified answer with ret_code ≠ 000000 is a result (ok: false), not an
 * exception. It imports only the shared wire and node builtins, and validates nothing it sends:
 * bad requests must reach the simulator so its errors can be tested.
 */
import { X509Certificate, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import {
  LAKALA_CONTENT_TYPE,
  LAKALA_SUCCESS_CODE,
  LAKALA_VERSION,
  SDK_KEY_ORDER,
  encodeRequest,
  formatAuthorization,
  formatLakalaTime,
  lakalaSign,
  lakalaVerify,
  normaliseSerial,
  readResponseSignature,
  serialHexOf,
  type LakalaAuthorization,
  type LakalaResponseEnvelope,
  type SignQryReqData,
  type SignQryRespData,
} from '../simulators/lakala/wire/index.ts';
import {
  CertificateError,
  ProtocolError,
  SignatureError,
  post,
  simDetailOf,
  snippet,
  type CallOptions,
  type ChannelResult,
  type RawResponse,
} from './http.ts';

export type { CallOptions, ChannelResult } from './http.ts';

export interface LakalaClientOptions {
  /** e.g. http://127.0.0.1:8101 (the SDK's serverUrl) */
  serverUrl: string;
  /** '/sit' (the seed's test environment, default) or '' (production paths) */
  env?: '/sit' | '';
  appid: string;
  /** the merchant certificate's serial (hex), as Lakala's SDK config holds it */
  serialNo: string;
  /** PKCS#8 / PKCS#1 PEM (what priKeyPath points at) */
  privateKeyPem: string | Buffer;
  /** Lakala's platform certificates (lklCerPath): answers are verified with the one named by Lklapi-Serial */
  platformCertPems: Array<string | Buffer>;
  /** the Authorization key order (default: the official SDK's) */
  keyOrder?: LakalaAuthorizationOrder;
  now?: () => number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type LakalaAuthorizationOrder = ReadonlyArray<keyof LakalaAuthorization>;

export type SignQryResult = ChannelResult<SignQryRespData, Partial<SignQryRespData> | undefined> & {
  /** result_state 4: the agreement awaits verification, query again */
  pending: boolean;
  /** the answer's Lklapi-Traceid */
  traceId: string;
  /** the request body as sent */
  requestBody: string;
};

export interface LakalaClient {
  /** req_data as given: the seed's fields (SignQryReqData), or anything else to test refusals */
  signQry(reqData: SignQryInput, opts?: SignQryOptions): Promise<SignQryResult>;
}

export type SignQryInput = { [K in keyof SignQryReqData]?: string } & Record<string, unknown>;

export interface SignQryOptions extends CallOptions {
  req_id?: string;
  /** a body to send instead of the one built from reqData (exact bytes, signed as is) */
  rawBody?: string;
}

interface PlatformCert {
  key: KeyObject;
  x509: X509Certificate;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const nonce = () => [...randomBytes(12)].map((b) => ALNUM[b % ALNUM.length]).join('');

export function createLakalaClient(o: LakalaClientOptions): LakalaClient {
  const base = `${o.serverUrl.replace(/\/+$/, '')}${o.env ?? '/sit'}`;
  const now = o.now ?? Date.now;
  const key = createPrivateKey(o.privateKeyPem);
  // by serial as a number, the SDK's certificate map (BigInteger keys)
  const certs = new Map<string, PlatformCert>();
  for (const pem of o.platformCertPems) {
    const x509 = new X509Certificate(pem);
    certs.set(normaliseSerial(serialHexOf(x509.toString()))!, { key: createPublicKey(x509.toString()), x509 });
  }

  function verify(response: RawResponse, op: string): string {
    const ctx = { channel: 'lakala', operation: op, response };
    const sig = readResponseSignature((n) => response.headers.get(n));
    if (!sig.ok) throw new SignatureError(`Lakala ${op}: 应答缺少签名头 ${sig.missing}`, ctx);
    const serial = normaliseSerial(sig.sig.serial);
    const cert = serial === undefined ? undefined : certs.get(serial);
    if (!cert)
      throw new CertificateError(`Lakala ${op}: 没有序列号为 ${sig.sig.serial} 的拉卡拉平台证书 (lklCerPath)`, ctx);
    const at = now();
    if (Date.parse(cert.x509.validFrom) > at || Date.parse(cert.x509.validTo) < at)
      throw new CertificateError(
        `Lakala ${op}: 平台证书 ${sig.sig.serial} 不在有效期内 (${cert.x509.validFrom} – ${cert.x509.validTo})`,
        ctx,
      );
    if (!lakalaVerify(sig.sig, response.bytes, sig.sig.signature, cert.key))
      throw new SignatureError(
        `Lakala ${op}: 应答签名验证失败 (Lklapi-Signature), 未验证的应答 ${snippet(response.text)}`,
        ctx,
      );
    return sig.sig.traceid;
  }

  async function signQry(reqData: Record<string, unknown>, opts: SignQryOptions = {}): Promise<SignQryResult> {
    const op = 'signQry';
    const at = now();
    const body =
      opts.rawBody ??
      encodeRequest({
        version: LAKALA_VERSION,
        req_time: formatLakalaTime(at),
        ...(opts.req_id !== undefined ? { req_id: opts.req_id } : {}),
        req_data: reqData,
      });
    const parts = { appid: o.appid, serial: o.serialNo, timestamp: String(Math.floor(at / 1000)), nonce: nonce() };
    const auth: LakalaAuthorization = {
      appid: parts.appid,
      serial_no: parts.serial,
      timestamp: parts.timestamp,
      nonce_str: parts.nonce,
      signature: lakalaSign(parts, body, key),
    };
    const response = await post({
      channel: 'lakala',
      operation: op,
      url: `${base}/api/v3/ltbs/dsf/sign_qry`,
      contentType: LAKALA_CONTENT_TYPE,
      body,
      timeoutMs: o.timeoutMs ?? 10_000,
      fetch: o.fetch,
      scenario: opts.scenario,
      headers: { authorization: formatAuthorization(auth, o.keyOrder ?? SDK_KEY_ORDER), ...opts.headers },
    });
    const fail = (m: string) => new ProtocolError(`Lakala ${op}: ${m}`, { channel: 'lakala', operation: op, response });
    // the SDK verifies and reads only HTTP 200 answers
    if (response.status !== 200) throw fail(`HTTP ${response.status}: ${snippet(response.text)}`);
    const traceId = verify(response, op);
    let env: LakalaResponseEnvelope<SignQryRespData>;
    try {
      env = JSON.parse(response.text) as LakalaResponseEnvelope<SignQryRespData>;
    } catch {
      throw fail(`应答不是 JSON: ${snippet(response.text)}`);
    }
    if (typeof env?.ret_code !== 'string' || typeof env.ret_msg !== 'string')
      throw fail(`应答缺少 ret_code/ret_msg: ${snippet(response.text)}`);
    const common = { code: env.ret_code, msg: env.ret_msg, traceId, requestBody: body };
    if (env.ret_code !== LAKALA_SUCCESS_CODE)
      return { ok: false, ...common, data: env.resp_data, pending: false, ...simDetailOf(response) };
    const data = env.resp_data;
    if (!data || typeof data.result_state !== 'string') throw fail('000000 的应答缺少 resp_data.result_state');
    return { ok: true, ...common, data, pending: data.result_state === '4' };
  }

  return { signQry };
}
