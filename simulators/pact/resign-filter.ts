/**
 * The one shape of the verifier's re-signing request filter. A request replayed from a pact carries
 * the signature the consumer computed over the example, with the consumer's keys; the provider
 * checks it against what it knows, and provider-state values may have changed the signed fields.
 * So each channel says which requests it re-signs and how (a Resigner), and this filter does the
 * rest the same way for every channel: it lets everything else through (the verifier's own
 * /_pactSetup calls, bodies the channel cannot read), and writes the new body back as a Buffer
 * with its own content-length, and any header the channel's signature travels in (an
 * Authorization). pact-js's proxy forwards a Buffer body as it is, but re-serialises anything else
 * with JSON.stringify under the ORIGINAL content-length, which would turn a form into JSON and cut
 * short or hang a body whose length changed.
 */

/** the parts of an Express request the filter uses (pact-js runs Express; its types are not installed) */
export interface ProxiedRequest {
  path: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}
type Next = (err?: unknown) => void;

/** what a channel fills in */
export interface Resigner {
  /** true for a path whose requests are re-signed (the channel's API), false for everything else */
  handles(path: string): boolean;
  /**
   * The request body signed again, or undefined to forward the request untouched. The body is
   * what the proxy's body-parser made of it: an object for JSON and form content types, a
   * Buffer (or string) otherwise.
   */
  resign(body: unknown): string | { body: string; headers?: Record<string, string> } | undefined;
}

export function createResignFilter(r: Resigner) {
  return (req: ProxiedRequest, _res: unknown, next: Next): void => {
    if (!r.handles(req.path)) return next();
    const signed = r.resign(req.body);
    if (signed === undefined) return next();
    const out = typeof signed === 'string' ? { body: signed } : signed;
    const body = Buffer.from(out.body, 'utf8');
    req.body = body;
    for (const [name, value] of Object.entries(out.headers ?? {})) req.headers[name.toLowerCase()] = value;
    req.headers['content-length'] = String(body.length);
    next();
  };
}
