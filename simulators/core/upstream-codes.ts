/**
 * The one resolver from a SimError to an upstream's own code. A channel declares three tables in
 * its codes.ts — every SimError code, every neutral failure reason, and (optionally) "not found"
 * by kind of order — and gets back one function; the order of precedence lives here once: a
 * scripted refusal's reason, then not-found by kind, then the error table. The tables are
 * exhaustive (`satisfies Record<…>` in the channel), so a new error code or reason without an
 * upstream spelling fails to compile. It knows no upstream.
 */
import type { SimError, SimErrorCode } from './errors.ts';
import type { FailureReason } from './outcome.ts';

export interface UpstreamCodeTables<C> {
  errors: Record<SimErrorCode, C>;
  reasons: Record<FailureReason, C>;
  /** ORDER_NOT_FOUND by the kind of order that was looked for (LFT: protocol / payin / payout) */
  notFound?: Readonly<Record<string, C>>;
}

export interface ResolvedCode<C> {
  code: C;
  /** how it was found, for the journal */
  by: 'reason' | 'not-found' | 'error';
  /** the HTTP status the upstream answers it with */
  status: number;
}

export function createCodeResolver<C>(tables: UpstreamCodeTables<C>): (err: SimError) => ResolvedCode<C> {
  return (err) => {
    const status = err.wireStatus;
    if (err.code === 'SIM_ERR_SCENARIO_REJECTED' && err.reason)
      return { code: tables.reasons[err.reason], by: 'reason', status };
    const byKind = err.code === 'SIM_ERR_ORDER_NOT_FOUND' && err.kind ? tables.notFound?.[err.kind] : undefined;
    if (byKind !== undefined) return { code: byKind, by: 'not-found', status };
    return { code: tables.errors[err.code], by: 'error', status };
  };
}
