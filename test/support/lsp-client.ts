/**
 * A language server spoken to as an editor does: JSON-RPC over the child's stdio with LSP's
 * Content-Length framing. Requests get answers by id; notifications the server sends
 * (publishDiagnostics) are kept and waited for; the requests a server makes of its editor
 * (workspace/configuration) are answered from `settings`. Enough for a test to open a document,
 * read its diagnostics and ask for completions; it asserts nothing itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

export interface LspClient {
  request<T>(method: string, params: unknown): Promise<T>;
  notify(method: string, params: unknown): void;
  /** the first notification `method` (already received or to come) whose params satisfy `test` */
  notification<T>(method: string, test: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export function startLanguageServer(command: string, args: string[], settings: Record<string, unknown>): LspClient {
  const child: ChildProcess = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffer = Buffer.alloc(0);
  let seq = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const received: Message[] = [];
  const waiters: Array<() => void> = [];
  const send = (m: object) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    child.stdin!.write(body);
  };
  const handle = (m: Message) => {
    if (m.id !== undefined && m.method === undefined) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error.message));
      else p?.resolve(m.result);
      return;
    }
    if (m.id !== undefined && m.method !== undefined) {
      // the server asks its editor: settings for each section it names, nothing for the rest
      const items = (m.params as { items?: { section?: string }[] } | undefined)?.items ?? [];
      const result =
        m.method === 'workspace/configuration' ? items.map((i) => settings[i.section ?? ''] ?? null) : null;
      return send({ id: m.id, result });
    }
    received.push(m);
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())?.[1]);
      if (buffer.length < end + 4 + length) return;
      const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      buffer = buffer.subarray(end + 4 + length);
      handle(JSON.parse(body) as Message);
    }
  });
  return {
    request<T>(method: string, params: unknown) {
      const id = ++seq;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        send({ id, method, params });
      });
    },
    notify: (method, params) => send({ method, params }),
    notification<T>(method: string, test: (params: T) => boolean, timeoutMs = 20_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no ${method} that matches within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const look = () => {
          const m = received.find((x) => x.method === method && test(x.params as T));
          if (m) {
            clearTimeout(timer);
            resolve(m.params as T);
          } else waiters.push(look);
        };
        look();
      });
    },
    async close() {
      await this.request('shutdown', null).catch(() => undefined);
      this.notify('exit', null);
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    },
  };
}
