/**
 * A Pact Broker as small as Pact's verifier needs it, on loopback, for tests: the HAL index with
 * the pacts-for-verification relation, that relation's resource (the verifier GETs it before it
 * POSTs to it), the list of pacts it has for one provider, and each pact's content. Every request
 * is recorded with its Authorization header; anything else is answered 404, so a request the
 * verifier should not make (publishing a result) shows in `seen` and fails its interaction.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeBroker {
  url: string;
  seen: { method: string; url: string; authorization?: string; body: string }[];
  close(): Promise<void>;
}

/** a broker that has one pact (a file) for `provider`, under its consumer's latest version */
export async function fakeBroker(provider: string, pactFile: string): Promise<FakeBroker> {
  const pact = JSON.parse(readFileSync(pactFile, 'utf8')) as { consumer: { name: string } };
  const seen: FakeBroker['seen'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const url = req.url ?? '/';
      seen.push({ method: req.method ?? '', url, authorization: req.headers.authorization, body });
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const pactPath = `/pacts/${pact.consumer.name}/latest`;
      const hal = (status: number, doc: unknown) =>
        res.writeHead(status, { 'content-type': 'application/hal+json' }).end(JSON.stringify(doc));
      const forVerification = /^\/pacts\/provider\/([^/]+)\/for-verification$/.exec(url);
      if (req.method === 'GET' && url === '/')
        return hal(200, {
          _links: {
            'pb:provider-pacts-for-verification': {
              href: `${base}/pacts/provider/{provider}/for-verification`,
              templated: true,
            },
          },
        });
      if (forVerification && req.method === 'GET') return hal(200, { _links: { self: { href: `${base}${url}` } } });
      if (forVerification && req.method === 'POST') {
        const mine = decodeURIComponent(forVerification[1]!) === provider;
        const pacts = mine
          ? [
              {
                shortDescription: 'latest',
                verificationProperties: { pending: false, notices: [] },
                _links: { self: { href: `${base}${pactPath}`, name: pact.consumer.name } },
              },
            ]
          : [];
        return hal(200, { _embedded: { pacts } });
      }
      if (req.method === 'GET' && url === pactPath) return hal(200, pact);
      hal(404, { error: `the fake broker has no ${req.method} ${url}` });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
