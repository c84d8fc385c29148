/**
 * One error type for the whole simulator and one table of its codes, each with its meaning and
 * the HTTP status it carries (Fastify's `createError(code, message, status)` style): `status` is
 * what the admin API answers with, `wireStatus` what an upstream's front answers a wire request
 * with (200 for almost everything: upstreams answer errors in their own body). Channels throw
 * SimError for everything that goes wrong with a request; their error table (resolved by
 * upstream-codes.ts) turns the code into the upstream's own error. Nothing here may know an
 * upstream's codes.
 */
import type { FailureReason } from './outcome.ts';

interface SimErrorSpec {
  message: string;
  status: number;
  wireStatus: number;
}
const spec = (message: string, status: number, wireStatus = 200): SimErrorSpec => ({ message, status, wireStatus });

export const SIM_ERRORS = {
  SIM_ERR_WIRE_MALFORMED: spec('the request body cannot be decoded', 400),
  SIM_ERR_WIRE_TOO_LARGE: spec('the request body exceeds the size limit', 413),
  SIM_ERR_WIRE_SIGNATURE: spec('the request signature does not verify', 400),
  SIM_ERR_WIRE_MERCHANT_UNKNOWN: spec('the merchant/app id is not registered', 400),
  SIM_ERR_WIRE_NOT_FOUND: spec('no operation at this path', 404, 404),
  // the path exists but none of its operations matches the decoded request (UnionPay's txnType)
  SIM_ERR_WIRE_NO_OPERATION: spec('no operation at this path matches the request', 400),
  SIM_ERR_FIELD_MISSING: spec('a required field is missing', 400),
  SIM_ERR_FIELD_INVALID: spec('a field has a bad format or value', 400),
  SIM_ERR_ORDER_NOT_FOUND: spec('the referenced order does not exist', 404),
  SIM_ERR_ORDER_DUPLICATE: spec('the order number was used before', 409),
  SIM_ERR_ORDER_STATE: spec('the operation is not allowed in the order state', 409),
  SIM_ERR_FUNDS_INSUFFICIENT: spec('not enough available balance', 409),
  SIM_ERR_SCENARIO_REJECTED: spec('the scenario says the upstream refuses this request', 409),
  SIM_ERR_SCENARIO_UNKNOWN: spec('the requested scenario does not exist', 404),
  SIM_ERR_INTERNAL: spec('the simulator failed unexpectedly', 500),
  SIM_ERR_BOOT_SCENARIO: spec('a scenario file is invalid', 500),
  SIM_ERR_BOOT_CONFIG: spec('the configuration is invalid', 500),
  SIM_ERR_ADMIN_UNAUTHORIZED: spec('admin API refused: token missing or wrong', 401),
  SIM_ERR_ADMIN_FORBIDDEN: spec('admin API refused: address or sender', 403),
  SIM_ERR_ADMIN_BAD_REQUEST: spec('admin API request is invalid', 400),
  SIM_ERR_ADMIN_NOT_FOUND: spec('admin API object not found', 404),
} as const satisfies Record<string, SimErrorSpec>;

export type SimErrorCode = keyof typeof SIM_ERRORS;

export interface SimErrorOptions {
  /** the field at fault, verbatim as the upstream spells it */
  field?: string;
  /** order kind for ORDER_* errors (channels pick the upstream's code per kind) */
  kind?: string;
  /** neutral reason for SCENARIO_REJECTED / FUNDS errors */
  reason?: FailureReason;
  cause?: unknown;
}

export class SimError extends Error {
  readonly code: SimErrorCode;
  readonly field?: string;
  readonly kind?: string;
  readonly reason?: FailureReason;

  constructor(code: SimErrorCode, message?: string, opts: SimErrorOptions = {}) {
    super(message ?? SIM_ERRORS[code].message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SimError';
    this.code = code;
    this.field = opts.field;
    this.kind = opts.kind;
    this.reason = opts.reason;
  }

  /** the HTTP status of this error on the admin API */
  get status(): number {
    return SIM_ERRORS[this.code].status;
  }

  /** the HTTP status an upstream answers this error with on the wire */
  get wireStatus(): number {
    return SIM_ERRORS[this.code].wireStatus;
  }
}

export function isSimError(e: unknown): e is SimError {
  return e instanceof SimError;
}

/** Anything thrown becomes a SimError; unknown errors become INTERNAL, keeping the cause. */
export function toSimError(e: unknown): SimError {
  if (isSimError(e)) return e;
  const fastifyCode = (e as { code?: string } | null)?.code;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') return new SimError('SIM_ERR_WIRE_TOO_LARGE');
  if (typeof fastifyCode === 'string' && (fastifyCode.startsWith('FST_ERR_CTP') || fastifyCode === 'FST_ERR_BAD_URL')) {
    return new SimError('SIM_ERR_WIRE_MALFORMED', (e as Error).message);
  }
  return new SimError('SIM_ERR_INTERNAL', (e as Error)?.message ?? String(e), { cause: e });
}

/** a field problem (codec/field-schema.ts) as the core's error: the one mapping for every channel */
export function fieldProblemError(p: { field: string; problem: string; message: string }): SimError {
  return new SimError(p.problem === 'missing' ? 'SIM_ERR_FIELD_MISSING' : 'SIM_ERR_FIELD_INVALID', p.message, {
    field: p.field,
  });
}
