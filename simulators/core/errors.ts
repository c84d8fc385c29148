/**
 * One error type for the whole simulator and one table of its codes. Channels throw SimError
 * for everything that goes wrong with a request; their error renderer turns the code into the
 * upstream's own error format. Nothing here may know an upstream's codes.
 */
import type { FailureReason } from './outcome.ts';

export const SIM_ERRORS = {
  SIM_ERR_WIRE_MALFORMED: 'the request body cannot be decoded',
  SIM_ERR_WIRE_TOO_LARGE: 'the request body exceeds the size limit',
  SIM_ERR_WIRE_SIGNATURE: 'the request signature does not verify',
  SIM_ERR_WIRE_MERCHANT_UNKNOWN: 'the merchant/app id is not registered',
  SIM_ERR_WIRE_NOT_FOUND: 'no operation at this path',
  SIM_ERR_FIELD_MISSING: 'a required field is missing',
  SIM_ERR_FIELD_INVALID: 'a field has a bad format or value',
  SIM_ERR_ORDER_NOT_FOUND: 'the referenced order does not exist',
  SIM_ERR_ORDER_DUPLICATE: 'the order number was used before',
  SIM_ERR_ORDER_STATE: 'the operation is not allowed in the order state',
  SIM_ERR_FUNDS_INSUFFICIENT: 'not enough available balance',
  SIM_ERR_SCENARIO_REJECTED: 'the scenario says the upstream refuses this request',
  SIM_ERR_SCENARIO_UNKNOWN: 'the requested scenario does not exist',
  SIM_ERR_INTERNAL: 'the simulator failed unexpectedly',
  SIM_ERR_BOOT_SCENARIO: 'a scenario file is invalid',
  SIM_ERR_BOOT_CONFIG: 'the configuration is invalid',
  SIM_ERR_ADMIN_FORBIDDEN: 'admin API refused: address or sender',
  SIM_ERR_ADMIN_UNAUTHORIZED: 'admin API refused: token missing or wrong',
  SIM_ERR_ADMIN_BAD_REQUEST: 'admin API request is invalid',
  SIM_ERR_ADMIN_NOT_FOUND: 'admin API object not found',
} as const;

export type SimErrorCode = keyof typeof SIM_ERRORS;

export interface SimErrorOptions {
  /** the field at fault, verbatim as the upstream spells it */
  field?: string;
  /** order kind for ORDER_* errors (channels pick the upstream's code per kind) */
  kind?: string;
  /** neutral reason for SCENARIO_REJECTED / FUNDS errors */
  reason?: FailureReason;
  /** a channel may pin the exact upstream code and message it wants rendered */
  upstream?: { code: string; msg: string };
  cause?: unknown;
}

export class SimError extends Error {
  readonly code: SimErrorCode;
  readonly field?: string;
  readonly kind?: string;
  readonly reason?: FailureReason;
  readonly upstream?: { code: string; msg: string };

  constructor(code: SimErrorCode, message?: string, opts: SimErrorOptions = {}) {
    super(message ?? SIM_ERRORS[code], opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SimError';
    this.code = code;
    this.field = opts.field;
    this.kind = opts.kind;
    this.reason = opts.reason;
    this.upstream = opts.upstream;
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
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_ERR_CTP')) {
    return new SimError('SIM_ERR_WIRE_MALFORMED', (e as Error).message);
  }
  return new SimError('SIM_ERR_INTERNAL', (e as Error)?.message ?? String(e), { cause: e });
}
