/**
 * `channel-sim verify-pact <pact…> --channel <name>`: a merchant's own consumer pacts, written
 * against the real upstream, verified against the channel's simulator (simulators/pact/). The
 * verification runs in a child process (verify-child.ts), because Pact's verifier prints its own
 * report on stdout; this command prints one line per interaction (or --json) and exits 0 when
 * every interaction passed, 1 when one failed, 2 for a usage error.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceClients, type ChannelName } from '../clients/reference-clients.ts';
import { loadStateFile, type StateTable } from '../simulators/pact/provider-states.ts';
import type { VerifyPactOptions } from '../simulators/pact/verify-pact.ts';
import { formatReport, type VerifyReport } from '../simulators/pact/verify-report.ts';
import { CliError, parseCommand, print, printJson, usageError } from './args.ts';

export const verifyPactHelp = `Usage: channel-sim verify-pact <pact file or URL>… --channel <name> [options]

Pact's verifier replays your consumer pacts (written against the real upstream) against the
channel's simulator, started here on a free port with a temporary data directory, or a running one
(--url). A request filter puts the simulator's merchant identity and keys in place of yours and
signs each request again. Provider states: "scenario: <channel>/<id>" binds that scenario to the
interaction; any other name needs an entry in --states; an unknown state fails its interaction.
Prints what matched and what did not for each interaction; exit 0 when all passed, 1 otherwise.

Options:
  --channel <name>           the channel your pact is for (${Object.keys(referenceClients).join(', ')})
  --states <file>            YAML/JSON: state name → { scenario, steps } (see the README)
  --ignore-unknown-states    a state that maps to nothing runs the interaction on an empty simulator
  --url <base URL>           verify against a running simulator (its keys must be readable here)
  --admin-token <t>          that simulator's admin token (SIM_ADMIN_TOKEN)
  --clock manual|system      the started simulator's clock (default manual: time moves only in steps)
  --pact-key <key>           withhold: the AES key your pact's args were encrypted with
  --broker-url <url>         verify the pacts a Pact Broker has for --provider (token:
                             PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD)
  --provider <name>          the provider name in your pacts (needed with --broker-url)
  --json                     the report as JSON
  -h, --help`;

const OPTIONS = {
  states: { type: 'string' },
  'ignore-unknown-states': { type: 'boolean' },
  clock: { type: 'string' },
  'pact-key': { type: 'string' },
  'broker-url': { type: 'string' },
  provider: { type: 'string' },
} as const;

const CHILD = fileURLToPath(
  new URL(`../simulators/pact/verify-child${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

export async function verifyPactCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv, OPTIONS);
  if (p.help) return (print(verifyPactHelp), 0);
  const f = p.flags as Record<string, string | boolean | undefined>;
  const str = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : undefined);

  const channel = str('channel')?.toLowerCase();
  if (channel === undefined) throw usageError('verify-pact: --channel is required (the channel your pact is for)');
  if (!(channel in referenceClients))
    throw usageError(`unknown channel "${channel}" (known: ${Object.keys(referenceClients).join(', ')})`);
  const brokerUrl = str('broker-url');
  if (p.positionals.length === 0 && brokerUrl === undefined)
    throw usageError(
      'missing <pact file or URL> (or --broker-url); usage: channel-sim verify-pact <pact…> --channel <name>',
    );
  for (const pact of p.positionals)
    if (!/^https?:\/\//.test(pact) && !existsSync(pact)) throw usageError(`no pact file ${pact}`);
  const provider = str('provider');
  if (brokerUrl !== undefined && provider === undefined)
    throw usageError('--broker-url needs --provider (the provider name your pacts use)');
  const clock = str('clock');
  if (clock !== undefined && clock !== 'manual' && clock !== 'system')
    throw usageError(`--clock: "${clock}" is not manual or system`);
  const url = str('url');
  if (url !== undefined && !/^https?:\/\/[^/]/.test(url)) throw usageError(`--url: "${url}" is not an http(s) URL`);

  let states: StateTable | undefined;
  const statesFile = str('states');
  if (statesFile !== undefined) {
    if (!existsSync(statesFile)) throw usageError(`--states: no file ${statesFile}`);
    try {
      states = loadStateFile(statesFile);
    } catch (e) {
      throw usageError((e as Error).message);
    }
  }

  const env = process.env;
  const options: VerifyPactOptions = {
    channel: channel as ChannelName,
    pacts: p.positionals,
    ...(url !== undefined ? { url, adminToken: p.config().admin.token } : {}),
    ...(clock !== undefined ? { clock } : {}),
    ...(states ? { states } : {}),
    ignoreUnknownStates: f['ignore-unknown-states'] === true,
    ...(str('pact-key') !== undefined ? { pactKey: str('pact-key') } : {}),
    ...(brokerUrl !== undefined
      ? {
          broker: {
            url: brokerUrl,
            provider: provider!,
            token: env.PACT_BROKER_TOKEN,
            username: env.PACT_BROKER_USERNAME,
            password: env.PACT_BROKER_PASSWORD,
          },
        }
      : {}),
  };
  const report = await inChild(options);
  if (p.json) printJson(report);
  else for (const line of formatReport(report)) print(line);
  return report.ok ? 0 : 1;
}

/** runs the verification in verify-child.ts; its own output is shown only when it gave no answer */
function inChild(options: VerifyPactOptions): Promise<VerifyReport> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // in a checkout the child is TypeScript, run with tsx's loader as bin/channel-sim.js runs the CLI
      // (resolved from here: the user's directory has no tsx)
      execArgv: CHILD.endsWith('.ts')
        ? [...process.execArgv, '--import', import.meta.resolve('tsx')]
        : process.execArgv,
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    let answer: { report?: VerifyReport; error?: string } | undefined;
    child.on('message', (m) => (answer = m as typeof answer));
    child.on('error', reject);
    child.on('close', (code) => {
      if (answer?.report) resolve(answer.report);
      else if (answer?.error) reject(new CliError(answer.error));
      else reject(new CliError(`the verification stopped (exit ${code}) without a report:\n${output.trim()}`));
    });
    child.send(options);
  });
}
