/**
 * An editor completes and checks scenario YAML: the language server VS Code's YAML extension runs
 * (yaml-language-server), spoken to over stdio as an editor speaks to it, opens scenario files
 * whose first line names their channel's schema (as every built-in file's does) and answers with
 * the diagnostics and completions a user sees: start-up's refusals underlined before anything
 * runs, the step fields, enum values and the channel's operations offered.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelineOf, SCENARIOS_DIR } from '../scripts/scenario-schemas/files.ts';
import { startSimulators } from '../simulators/library.ts';
import { startLanguageServer, type LspClient } from './support/lsp-client.ts';

interface Diagnostic {
  message: string;
  range: { start: { line: number; character: number } };
}
interface CompletionItem {
  label: string;
}

const SERVER = join(
  dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')),
  'bin',
  'yaml-language-server',
);
const SETTINGS = {
  yaml: { validate: true, completion: true, hover: true, schemaStore: { enable: false }, format: { enable: false } },
};
let lsp: LspClient;
let opened = 0;

/** a document in scenarios/lft/ (never written to disk: the editor's buffer), opened; its URI */
function open(text: string, dir = join(SCENARIOS_DIR, 'lft')): string {
  const uri = pathToFileURL(join(dir, `editor-test-${++opened}.yaml`)).href;
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return uri;
}
const diagnosticsOf = async (uri: string) =>
  (
    await lsp.notification<{ uri: string; diagnostics: Diagnostic[] }>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri,
    )
  ).diagnostics;
async function completionsAt(uri: string, line: number, character: number): Promise<string[]> {
  const r = await lsp.request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', {
    textDocument: { uri },
    position: { line, character },
  });
  return (Array.isArray(r) ? r : r.items).map((i) => i.label);
}

beforeAll(async () => {
  lsp = startLanguageServer(process.execPath, [SERVER, '--stdio'], SETTINGS);
  const root = pathToFileURL(SCENARIOS_DIR).href;
  await lsp.request('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'scenarios' }],
    capabilities: { workspace: { configuration: true }, textDocument: { completion: {} } },
  });
  lsp.notify('initialized', {});
  lsp.notify('workspace/didChangeConfiguration', { settings: SETTINGS });
}, 30_000);
afterAll(async () => lsp?.close());

const head = `${modelineOf('lft')}\ndescription: written in an editor\n`;

describe('yaml-language-server with the scenario schema', () => {
  it('finds nothing wrong in a built-in file', async () => {
    const text = readFileSync(join(SCENARIOS_DIR, 'lft', 'default.yaml'), 'utf8');
    expect(await diagnosticsOf(open(text))).toEqual([]);
  }, 30_000);

  it('underlines what start-up would refuse, on its line', async () => {
    const text = `${head}steps:
  pay:
    - callbacks: [{ event: paid, aftrMs: 5 }]
  prepay:
    - { fault: explode }
  inquery:
    - { moveTo: PAID, times: two }
  refund:
    - {}
`;
    const diagnostics = await diagnosticsOf(open(text));
    const on = (line: number) =>
      diagnostics
        .filter((d) => d.range.start.line === line)
        .map((d) => d.message)
        .join(' | ');
    expect(on(4)).toBe('Property aftrMs is not allowed.');
    expect(on(6)).toMatch(/Valid values: "reset", "empty", "garbage", "timeout"/);
    // a pay-in's states, not any channel's, and a number where a number goes
    expect(on(8)).toMatch(/Valid values: "UNPAID", "PROCESSING", "SUCCESS", "FAILURE", "ARRIVED", "CLOSED"/);
    expect(on(8)).toMatch(/Incorrect type\. Expected "integer"/);
    expect(on(9)).toBe('Property refund is not allowed.');
  }, 30_000);

  it('offers the step fields, a field’s values and the channel’s operations', async () => {
    const text = `${head}steps:
  inquery:
    - fault: 
    - times: 1
      
  
`;
    const uri = open(text);
    await diagnosticsOf(uri);
    expect(await completionsAt(uri, 4, 13)).toEqual(expect.arrayContaining(['reset', 'empty', 'garbage', 'timeout']));
    expect(await completionsAt(uri, 6, 6)).toEqual(
      expect.arrayContaining(['reply', 'moveTo', 'delayMs', 'callbacks', 'later']),
    );
    expect(await completionsAt(uri, 7, 2)).toEqual(expect.arrayContaining(['prepay', 'outpay', 'swipe', 'arrive']));
  }, 30_000);

  it('reads the schema from a running simulator too (the image, no node_modules), token or not', async () => {
    const sims = await startSimulators({ channels: ['dsp'], adminToken: 'editor-t0k' });
    try {
      const url = `${sims.dsp.adminUrl}/scenarios/schema.json`;
      const text = `# yaml-language-server: $schema=${url}
description: a user's own DSP scenario, in a folder of their own
steps:
  decontract-apply:
    - { fault: explode }
`;
      const diagnostics = await diagnosticsOf(open(text, join(tmpdir(), 'my-scenarios', 'dsp')));
      expect(diagnostics.map((d) => [d.range.start.line, d.message])).toEqual([
        [4, 'Value is not accepted. Valid values: "reset", "empty", "garbage", "timeout".'],
      ]);
    } finally {
      await sims.close();
    }
  }, 30_000);
});
