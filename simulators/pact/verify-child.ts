/**
 * The process `channel-sim verify-pact` forks to verify in: Pact's verifier (native code) prints
 * its own report, in colour, on the process's stdout whatever the log level, which would bury the
 * command's report and break --json. So the command sends its options here over IPC, keeps what
 * this process prints (shown only if it dies without an answer), and prints the report it gets
 * back.
 */
import { verifyPact, type VerifyPactOptions } from './verify-pact.ts';

process.env.PACT_DO_NOT_TRACK ??= 'true';

process.once('message', (o: VerifyPactOptions) => {
  verifyPact(o)
    .then(
      (report) => ({ report }),
      (e: unknown) => ({ error: (e as Error)?.message ?? String(e) }),
    )
    .then((answer) => process.send!(answer, () => process.disconnect()));
});
