/**
 * Certificates a merchant brings: the `merchant-certs/` folder of a channel's data directory read
 * at start-up (PEM or DER files, in name order, each handed to the channel's own parser), and
 * the warning an admin registration gets for a certificate not valid now. Shared by every channel
 * that verifies merchant signatures with certificates (UnionPay, Lakala); it knows no channel's
 * certificate rules, and a file that does not parse stops start-up naming it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SimError } from './errors.ts';

const CERT_FILE = /\.(pem|cer|crt)$/i;

/** registers every certificate file of `dir` (absent: nothing); a bad file is a boot error */
export function loadCertDir(
  dir: string,
  register: (bytes: Buffer, opts: { source: 'merchant-certs-dir'; file: string }) => unknown,
): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)
    .filter((f) => CERT_FILE.test(f))
    .sort()) {
    const file = join(dir, name);
    try {
      register(readFileSync(file), { source: 'merchant-certs-dir', file });
    } catch (e) {
      throw new SimError('SIM_ERR_BOOT_CONFIG', `${file}: ${(e as Error).message}`, { field: name });
    }
  }
}

/** what an admin registration says of a certificate outside its validity at `now` (none: []) */
export function validityWarnings(cert: { validFrom: string; validTo: string }, now: number): string[] {
  return Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) < now
    ? [
        `the certificate is not valid at ${new Date(now).toISOString()} (${cert.validFrom} – ${cert.validTo}); requests are verified with it anyway`,
      ]
    : [];
}
