/**
 * The public LFT (理房通) wire API, shared by the simulator, the reference client and the
 * contract tests. Re-exports only; it must not add logic or import anything stateful.
 */
export { lftSign, lftSignString, lftVerify } from './signer.ts';
export type { LftSignable, LftVerifiable } from './signer.ts';
export {
  LFT_NOTIFICATION_ACK,
  LFT_SUCCESS_CODE,
  LFT_SUCCESS_MSG,
  encodeRequest,
  encodeResponse,
  formatDateTime,
  formatTimestamp,
  isLftNotificationAck,
  parseData,
  parseDataJson,
  parseEnvelope,
  parseTimestamp,
} from './codec.ts';
export type { LftEnvelope, LftRequestInput, LftResponseEnvelope, LftResponseInput, Parsed } from './codec.ts';
export {
  LFT_AMOUNT_PATTERN,
  checkOutReqNoPrefix,
  formatFen,
  lftEnvelopeSchema,
  lftOperationNames,
  lftOperationPath,
  lftRequestSchemas,
  parseYuanToFen,
} from './fields.ts';
export type {
  LftArrivedStatus,
  LftBankCnapsVo,
  LftCashierType,
  LftChannelType,
  LftCreateData,
  LftFindData,
  LftInqueryData,
  LftOperationName,
  LftOutType,
  LftOutpayData,
  LftOutpayVo,
  LftOutqueryData,
  LftOutqueryVo,
  LftPayStatus,
  LftPayinVo,
  LftPosCloseData,
  LftPosCloseVo,
  LftPrepayData,
  LftPrepayVo,
  LftProdCatalog,
  LftProtocolVo,
  LftQueryBankCnapsData,
  LftRequestDataMap,
  LftResponseDataMap,
} from './fields.ts';
