/**
 * The verifier's request filter for UnionPay. Every request replayed from the pact is signed with
 * the consumer's fixture keys (its certId names the fixture merchant certificate, its 11 hash
 * uses the fixture secure key), which the simulator does not know; a real merchant signs with the
 * keys UnionPay issued it. So this filter re-signs each gateway request in its own signMethod
 * with the simulator's merchant credentials (unionpay-provider.ts), which overwrites certId and
 * signature and changes nothing else: orderId and txnTime stay as the pact has them (each state
 * resets the simulator, which forgets served orderIds, so they are never duplicates) and a field
 * the pact leaves out stays out. It also undoes pact-js's proxy, which parses a form body into an
 * object and would forward it as JSON under the form Content-Type with the ORIGINAL
 * content-length: the body goes out as a form again, with its own length. State-setup calls and
 * anything that is not a readable signed form pass untouched.
 */
import { signUnionPayRequest, type UnionPayCredentials } from '../../clients/unionpay.ts';
import { encodeFormBody, isUnionPaySignMethod, parseFormBody, type UnionPaySignMethod } from '../../simulators/unionpay/wire/index.ts';

/** the parts of an Express request the filter uses (pact-js runs Express; its types are not installed) */
interface ProxiedRequest {
  path: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}
type Next = (err?: unknown) => void;

export interface UnionPayResignOptions {
  /** the gateway path (backTransPath) */
  path: string;
  credentials: (signMethod: UnionPaySignMethod) => UnionPayCredentials;
}

export function createUnionPayResignFilter(o: UnionPayResignOptions) {
  return (req: ProxiedRequest, _res: unknown, next: Next): void => {
    if (req.path !== o.path) return next();
    const fields = readForm(req.body);
    const signMethod = fields?.signMethod;
    if (!fields || !isUnionPaySignMethod(signMethod) || !fields.signature) return next();
    const body = Buffer.from(encodeFormBody(signUnionPayRequest(fields, o.credentials(signMethod))), 'utf8');
    // a Buffer body is forwarded as is (pact-js parseBody); the length must be the new one
    req.body = body;
    req.headers['content-length'] = String(body.length);
    next();
  };
}

/**
 * The proxy's body-parser gives an object for a form (qs, extended) and a Buffer for other
 * content types; both are read. An object with anything but string values (a repeated key, a
 * bracketed key qs nested) is not a form this filter can re-sign faithfully: left alone.
 */
function readForm(body: unknown): Record<string, string> | undefined {
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    const parsed = parseFormBody(body.toString());
    return parsed.ok ? parsed.fields : undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const entries = Object.entries(body as Record<string, unknown>);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}
