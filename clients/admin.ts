/**
 * A typed client for a simulator's admin API (/__admin/*): what the CLI, the tests, the contract
 * set-ups and users call instead of hand-written fetches. Its types are the JSON the admin routes
 * answer (admin-views.ts, declared there so that the client imports no simulator module); every
 * failure is one AdminError with the HTTP status and the admin API's code. It knows no channel:
 * channel-specific routes (UnionPay's contracts) go through request().
 */
import type {
  ClockAdvanced,
  ClockView,
  Credentials,
  Delivery,
  DeliveryStatus,
  Health,
  JournalEntry,
  JournalKind,
  OrderView,
  ReplayMode,
  ScenarioInfo,
  ScenarioOverride,
  UseScenario,
} from './admin-views.ts';

export type * from './admin-views.ts';

export interface AdminClientOptions {
  /** the simulator's base URL (with or without a trailing /__admin) */
  baseUrl: string;
  /** sent as x-admin-token when the simulator is started with --admin-token */
  token?: string;
  fetch?: typeof fetch;
  /** default 15 000 */
  timeoutMs?: number;
}

/**
 * Why an admin call failed. `code` is the admin API's SIM_ERR_* code when it answered one;
 * otherwise one of the client's own: ADMIN_UNREACHABLE (no answer, status 0, `cause` says why),
 * ADMIN_NOT_JSON (an answer that is not the admin API's), ADMIN_HTTP (an error status without an
 * error body).
 */
export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** the admin path asked, e.g. /orders/123456 */
    readonly path: string,
    /** the simulator's base URL */
    readonly baseUrl: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

export type Method = 'GET' | 'POST' | 'DELETE';

export interface AdminClient {
  /** the simulator's base URL, without /__admin */
  readonly baseUrl: string;
  health(): Promise<Health>;
  credentials(): Promise<Credentials>;
  scenarios(): Promise<{ scenarios: ScenarioInfo[]; overrides: ScenarioOverride[] }>;
  /** prepend an override: orders created from now on use this scenario */
  useScenario(o: UseScenario): Promise<ScenarioOverride>;
  clearOverrides(): Promise<{ removed: number }>;
  orders(filter?: { kind?: string; limit?: number | string }): Promise<OrderView[]>;
  /** by key or alias (a POS code, a payOrderNo) */
  order(key: string): Promise<OrderView>;
  /** an outside-world event on the order (LFT swipe, arrive…; UnionPay activate…) */
  event(key: string, event: string): Promise<OrderView>;
  journal(filter?: { order?: string; kind?: JournalKind; operation?: string; limit?: number }): Promise<JournalEntry[]>;
  callbacks(filter?: { order?: string; status?: DeliveryStatus | string }): Promise<Delivery[]>;
  callback(id: string): Promise<Delivery>;
  replay(id: string, mode?: ReplayMode): Promise<Delivery>;
  clock(): Promise<ClockView>;
  /** milliseconds, or a duration such as '500ms', '30s', '5m', '2h', '1d' */
  advanceClock(by: number | string): Promise<ClockAdvanced>;
  reset(): Promise<{ reset: true }>;
  /** any admin route, e.g. a channel's own (POST /unionpay/contracts); throws AdminError on non-2xx */
  request<T = unknown>(method: Method, path: string, body?: unknown): Promise<T>;
  /** the same without judging the status: for tests that assert a refusal's status and body */
  raw<T = unknown>(method: Method, path: string, body?: unknown): Promise<{ status: number; json: T }>;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** '30s' → 30000; a bare number is milliseconds; undefined when it is not a duration */
export function parseDuration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(s.trim());
  return m ? Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']!) : undefined;
}

function query(filter: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined) qs.set(k, String(v));
  return qs.size ? `?${qs}` : '';
}

export function createAdminClient(o: AdminClientOptions): AdminClient {
  const baseUrl = o.baseUrl.replace(/\/+$/, '').replace(/\/__admin$/, '');
  const doFetch = o.fetch ?? fetch;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const enc = encodeURIComponent;

  async function raw<T>(method: Method, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const headers: Record<string, string> = {};
    if (o.token) headers['x-admin-token'] = o.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await doFetch(`${baseUrl}/__admin${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
      throw new AdminError(
        `cannot reach ${baseUrl}/__admin${path} (${cause})`,
        0,
        'ADMIN_UNREACHABLE',
        path,
        baseUrl,
        e,
      );
    }
    try {
      return { status: res.status, json: JSON.parse(text) as T };
    } catch {
      throw new AdminError(
        `${baseUrl}/__admin${path}: HTTP ${res.status}, not a channel-sim admin answer`,
        res.status,
        'ADMIN_NOT_JSON',
        path,
        baseUrl,
      );
    }
  }

  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const { status, json } = await raw<T>(method, path, body);
    if (status >= 200 && status < 300) return json;
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    if (err?.code) throw new AdminError(err.message ?? '', status, err.code, path, baseUrl);
    throw new AdminError(`HTTP ${status} from ${baseUrl}/__admin${path}`, status, 'ADMIN_HTTP', path, baseUrl);
  }

  return {
    baseUrl,
    health: () => request('GET', '/health'),
    credentials: () => request('GET', '/credentials'),
    scenarios: () => request('GET', '/scenarios'),
    useScenario: (u) => request('POST', '/scenarios/use', u),
    clearOverrides: () => request('DELETE', '/scenarios/overrides'),
    orders: async (f = {}) =>
      (await request<{ orders: OrderView[] }>('GET', `/orders${query({ kind: f.kind, limit: f.limit })}`)).orders,
    order: (key) => request('GET', `/orders/${enc(key)}`),
    event: (key, event) => request('POST', `/orders/${enc(key)}/events/${enc(event)}`),
    journal: async (f = {}) => (await request<{ entries: JournalEntry[] }>('GET', `/journal${query(f)}`)).entries,
    callbacks: async (f = {}) => (await request<{ deliveries: Delivery[] }>('GET', `/callbacks${query(f)}`)).deliveries,
    callback: (id) => request('GET', `/callbacks/${enc(id)}`),
    replay: (id, mode = 'resign') => request('POST', `/callbacks/${enc(id)}/replay`, { mode }),
    clock: () => request('GET', '/clock'),
    advanceClock(by) {
      const ms = typeof by === 'number' ? by : parseDuration(by);
      if (ms === undefined)
        return Promise.reject(new TypeError(`"${String(by)}" is not a duration (e.g. 30000, 30s, 5m, 2h, 1d)`));
      return request('POST', '/clock/advance', { ms });
    },
    reset: () => request('POST', '/reset'),
    request,
    raw,
  };
}
