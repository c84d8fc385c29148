/**
 * The JSON the admin API answers (/__admin/*), as the admin client types it: orders, journal
 * entries, callback deliveries with their attempts, scenarios and overrides, the clock. Declared
 * from what simulators/core/admin-routes.ts returns, here and not imported, because a client
 * imports no simulator module; a test (clients/admin.test.ts) reads each shape from a running
 * simulator. Types only.
 */

/** a predicate on upstream field names, verbatim (scenarios/*.yaml `when.match`) */
export type AdminPredicate =
  | { equals: Record<string, unknown> }
  | { contains: Record<string, string> }
  | { matches: Record<string, string> }
  | { exists: string[] }
  | { and: AdminPredicate[] }
  | { or: AdminPredicate[] }
  | { not: AdminPredicate };

export interface Health {
  status: 'ok';
  channel: string;
  title: string;
  orders: number;
  pendingTimers: number;
  now: string;
}

/** GET /credentials: the channel's own shape (ids, keys, file paths, URLs) */
export type Credentials = { channel: string } & Record<string, unknown>;

export interface ScenarioInfo {
  id: string;
  description: string;
  when?: { operation: string; match?: AdminPredicate };
  operations: string[];
  file: string;
}

export interface ScenarioOverride {
  id: string;
  scenarioId: string;
  operation?: string;
  match?: AdminPredicate;
  once: boolean;
  /** ms since epoch, simulator clock */
  createdAt: number;
}

export interface UseScenario {
  /** a scenario id such as 'lft/payin-declined' (the channel prefix may be left out) */
  scenario: string;
  operation?: string;
  match?: AdminPredicate;
  once?: boolean;
}

export interface OrderView {
  key: string;
  kind: string;
  state: string;
  merchant: string;
  reason?: string;
  aliases: string[];
  scenario: string;
  scenarioWhy: string;
  cursors: Record<string, { index: number; served: number }>;
  createdAt: string;
  updatedAt: string;
  history: { at: string; from: string; to: string; cause: string }[];
  data: Record<string, unknown>;
}

export type JournalKind = 'request' | 'event' | 'callback';

export interface JournalEntry {
  id: number;
  at: number;
  kind: JournalKind;
  channel: string;
  operation: string;
  orderKey?: string;
  scenario?: string;
  why?: string;
  step?: number;
  request?: { method: string; url: string; headers: Record<string, string>; body: string };
  fields?: Record<string, unknown>;
  response?: { status: number; headers?: Record<string, string>; body: string };
  error?: { code: string; message: string };
  fault?: string;
  warnings: string[];
  durationMs?: number;
  deliveryId?: string;
  attempt?: number;
}

export type DeliveryStatus = 'scheduled' | 'retrying' | 'acked' | 'gave-up' | 'skipped';
export type ReplayMode = 'resign' | 'exact';

export interface Attempt {
  n: number;
  at: number;
  request: { url: string; method: 'POST'; headers: Record<string, string>; body: string };
  response?: { status: number; body: string };
  error?: string;
  durationMs: number;
  acked: boolean;
  tampered: boolean;
}

export interface Delivery {
  id: string;
  orderKey: string;
  event: string;
  status: DeliveryStatus;
  createdAt: number;
  nextAt?: number;
  copy: number;
  tamper?: string;
  tamperAttempts: number;
  replayOf?: string;
  replayMode?: ReplayMode;
  attempts: Attempt[];
  note?: string;
}

export interface ClockView {
  now: string;
  pendingTimers: number;
  timeScale: number;
}
export interface ClockAdvanced {
  fired: number;
  now: string;
  pendingTimers: number;
}
