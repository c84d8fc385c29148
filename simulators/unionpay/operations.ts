/**
 * UnionPay's operations. On the wire, one: POST /gateway/api/backTransReq.do routed by
 * txnType/txnSubType, of which this gateway offers 78/20 查询签约协议号状态 (spec 002); any other
 * well-formed transaction matches no operation and answers 32 无此交易权限. Outside the
 * wire, the events that happen to a contract at UnionPay and the bank (activate, report-lost,
 * cancel, expire), driven by the admin API, the CLI or a scenario's `later`. A query never
 * changes a contract; which contracts exist is decided by scenarios (magic contractIds bring one
 * into being) and the admin API. Outcomes come from scenarios, not from ifs here.
 */
import { formatBeijing } from '../core/codec/beijing-time.ts';
import {
  orderKind,
  outsideEvent,
  type Fields,
  type Operation,
  type OperationContext,
  type RuntimePorts,
} from '../core/channel.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import type { UnionPayRuntime } from './runtime.ts';
import { isContractState, tokenStatusOf, type ContractState } from './states.ts';
import {
  CONTRACT_QUERY_TXN_SUB_TYPE,
  CONTRACT_QUERY_TXN_TYPE,
  UNIONPAY_BACK_TRANS_PATH,
  checkContractQuery,
} from './wire/index.ts';

type Op = Operation<UnionPayRuntime>;
type Ctx = OperationContext<UnionPayRuntime>;

/** what the simulator keeps about a contract (the order's data) */
export interface ContractData {
  contractId: string;
  planId: string;
  merId: string;
  /** YYYYMMDDhhmmss, Beijing time, like txnTime */
  tokenEndExpr: string;
  /** how it came to exist: a query whose scenario created it, or the admin API */
  origin: 'scenario' | 'admin';
}

/** contracts, with their data typed */
export const contractKind = orderKind<ContractData>('contract');

const DAY_MS = 86_400_000;

/** a fresh contract's token end: the end of the same Beijing day five years on */
export function futureTokenEnd(now: number): string {
  const day = formatBeijing(now, 'yyyyMMdd');
  const mmdd = day.slice(4) === '0229' ? '0228' : day.slice(4);
  return `${Number(day.slice(0, 4)) + 5}${mmdd}235959`;
}

/** an expired contract's token end: the end of yesterday (Beijing) */
export function pastTokenEnd(now: number): string {
  return `${formatBeijing(now - DAY_MS, 'yyyyMMdd')}235959`;
}

function validate(fields: Fields, decoded: { merchant: string }, _rt: UnionPayRuntime, ports: RuntimePorts): void {
  const f = fields as Record<string, string>;
  const problem = checkContractQuery(f);
  if (problem) throw fieldProblemError(problem);
  // 重复交易: the same merId + orderId + txnTime as a request served before
  if (!ports.once('orders', `${decoded.merchant}\u0000${f.orderId}\u0000${f.txnTime}`)) {
    throw new SimError(
      'SIM_ERR_ORDER_DUPLICATE',
      `merId=${decoded.merchant} orderId=${f.orderId} txnTime=${f.txnTime} 已经上送过 (每笔交易用新的 orderId)`,
      { field: 'orderId' },
    );
  }
}

function execute(ctx: Ctx): void {
  const f = ctx.fields as Record<string, string>;
  const contractId = f.contractId!;
  const order = ctx.order;
  if (order) {
    const d = contractKind.data(order);
    if (d.planId !== f.planId) {
      throw new SimError(
        'SIM_ERR_ORDER_NOT_FOUND',
        `contractId=${contractId} 的签约模板ID 是 ${d.planId}, 与上送的 planId=${f.planId} 不符`,
        { kind: 'contract', field: 'planId' },
      );
    }
    return;
  }
  // the key is taken by another merchant's contract: to this merchant it does not exist
  if (ctx.store.get(contractId))
    throw new SimError(
      'SIM_ERR_ORDER_NOT_FOUND',
      `contractId=${contractId} 不是 merId=${ctx.decoded.merchant} 的签约协议`,
      { kind: 'contract', field: 'contractId' },
    );
  // brought into being by the scenario, in the state it names (default: active)
  const state: ContractState = isContractState(ctx.step.moveTo) ? ctx.step.moveTo : 'ACTIVE';
  const data: ContractData = {
    contractId,
    planId: f.planId!,
    merId: ctx.decoded.merchant,
    origin: 'scenario',
    tokenEndExpr: state === 'EXPIRED' ? pastTokenEnd(ctx.now) : futureTokenEnd(ctx.now),
  };
  ctx.createOrder({ key: contractId, kind: contractKind, state, data });
}

export const contractQuery: Op = {
  name: 'contract-query',
  description:
    '查询签约协议号状态 (txnType 78, txnSubType 20): tokenStatus and tokenEndExpr of a contract by contractId + planId',
  path: UNIONPAY_BACK_TRANS_PATH,
  route: { equals: { txnType: CONTRACT_QUERY_TXN_TYPE, txnSubType: CONTRACT_QUERY_TXN_SUB_TYPE } },
  kind: 'contract',
  validate,
  identify: (fields) => ({
    key: fields.contractId as string,
    creates: 'if-missing',
    kind: 'contract',
    keyField: 'contractId',
  }),
  execute,
  render(ctx) {
    const order = ctx.order;
    if (!order)
      throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `contractId=${String(ctx.fields.contractId)} 不存在`, {
        kind: 'contract',
        field: 'contractId',
      });
    return {
      // respMsg is the table's text for the respCode, filled by the wire (a step may change the code)
      respCode: '00',
      tokenStatus: tokenStatusOf(order.state),
      tokenEndExpr: contractKind.data(order).tokenEndExpr,
    };
  },
};

/** an event that moves a contract from some states to one, refusing the others */
function contractEvent(name: string, description: string, from: ContractState[], to: ContractState): Op {
  return outsideEvent({ name, description, kind: 'contract', from, to, verb: description.split(':')[0] });
}

export const contractEvents: Op[] = [
  contractEvent(
    'activate',
    '激活: the contract becomes active (tokenStatus 1), from initialised or reported lost',
    ['INITIALISED', 'LOST'],
    'ACTIVE',
  ),
  contractEvent(
    'report-lost',
    '挂失: the card behind the contract is reported lost (tokenStatus 2)',
    ['ACTIVE'],
    'LOST',
  ),
  contractEvent(
    'cancel',
    '注销: the contract is cancelled / unbound (tokenStatus 3)',
    ['INITIALISED', 'ACTIVE', 'LOST', 'EXPIRED'],
    'CANCELLED',
  ),
  contractEvent(
    'expire',
    '过期: the token end date passes (tokenStatus stays 1, tokenEndExpr moves to yesterday)',
    ['ACTIVE'],
    'EXPIRED',
  ),
];

export const unionpayOperations: Op[] = [contractQuery, ...contractEvents];
