/**
 * The UnionPay reference client's errors, one class per way an answer can be unusable: its
 * signature, its certificate, its protocol, or no answer at all. A non-00 respCode is not an
 * error: it is a result.
 */

/** The response's signature does not verify (or the response is not signed the way we asked). */
export class UnionPaySignatureError extends Error {
  override readonly name = 'UnionPaySignatureError';
}
/** signPubKeyCert is missing, unreadable, does not chain to the configured root, has the wrong CN or dates. */
export class UnionPayCertificateError extends Error {
  override readonly name = 'UnionPayCertificateError';
}
/** Not UnionPay's protocol: HTTP status ≠ 200, wrong Content-Type, unparseable body, foreign echo. */
export class UnionPayProtocolError extends Error {
  override readonly name = 'UnionPayProtocolError';
}
/** No answer at all (timeout, connection reset): the query's outcome is unknown, ask again. */
export class UnionPayTransportError extends Error {
  override readonly name = 'UnionPayTransportError';
}
