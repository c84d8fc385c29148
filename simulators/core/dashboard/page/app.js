/* global document, window */
/**
 * The channel-sim dashboard: every simulator of the process on one page. Everything goes to the
 * origin that served the page: /__admin/ui/channels (the simulators), /__admin/ui/stream (live
 * changes, read with fetch so the token can go in a header, which EventSource cannot send),
 * /__admin/ui/raw/… (a journal body's bytes) and /__admin/ui/api/<channel>/… (that simulator's
 * admin API, reached in-process). Data is put in the page with textContent only, never as HTML:
 * a journal body is whatever a client sent.
 */
const UI = '/__admin/ui';
const TOKEN_KEY = 'channel-sim-admin-token';
const ADVANCES = [
  ['+1 s', 1000],
  ['+30 s', 30_000],
  ['+5 min', 300_000],
  ['+1 h', 3_600_000],
  ['+1 d', 86_400_000],
];

/** what the page knows: the simulators and, per channel, what its admin API answered last */
const state = {
  channels: [],
  data: {},
  /** what the detail pane shows: { type: 'order' | 'callback' | 'journal', channel, id } */
  selected: undefined,
  /** per channel: credentials shown (asked for with "show") */
  credentials: {},
  /** per channel: the override form as the user left it (cards are rebuilt on every change) */
  forms: {},
};

const $ = (sel) => document.querySelector(sel);
const Node = window.Node;

/** an element with attributes (on* are listeners) and children (strings become text) */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}

const json = (v) => JSON.stringify(v, null, 2);
const time = (iso) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, 'Z') : '');
const timeOf = (ms) => time(new Date(ms).toISOString());

function say(message, error = false) {
  const s = $('#status');
  s.textContent = message;
  s.classList.toggle('error', error);
}

class NeedsToken extends Error {}

function authHeaders() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** a call to the dashboard's endpoints; a 401 asks for the token, any error is thrown with its message */
async function call(path, { method = 'GET', body } = {}) {
  const headers = authHeaders();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    const answer = await res.json().catch(() => ({}));
    askToken(answer.error?.message);
    throw new NeedsToken(answer.error?.message ?? 'admin token required');
  }
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(answer.error?.message ?? `HTTP ${res.status}`);
  return answer;
}
const admin = (channel, path, opts) => call(`${UI}/api/${encodeURIComponent(channel)}${path}`, opts);

function askToken(why) {
  const had = sessionStorage.getItem(TOKEN_KEY);
  sessionStorage.removeItem(TOKEN_KEY);
  stopStream();
  $('#main').hidden = true;
  $('#token-form').hidden = false;
  $('#token-why').textContent = had
    ? `The token was refused (${why ?? 'it does not match'}). Type it again.`
    : "This simulator's admin API needs its token (--admin-token / SIM_ADMIN_TOKEN).";
  $('#token-input').focus();
}

/** run an action from a button: say what happened, or why not */
async function act(what, fn) {
  try {
    const r = await fn();
    say(`${what}: done`);
    return r;
  } catch (e) {
    if (!(e instanceof NeedsToken)) say(`${what}: ${e.message}`, true);
    return undefined;
  }
}

// ---- filters -------------------------------------------------------------------------------

function filters() {
  return {
    channel: $('#filter-channel').value,
    order: $('#filter-order').value.trim(),
    kind: $('#filter-kind').value,
  };
}
const shownChannels = () => {
  const f = filters().channel;
  return state.channels.filter((c) => !f || c.channel === f);
};

/** the order key the order filter means on a channel (the key itself, or an order's alias) */
function orderKeyOn(channel, text) {
  const o = (state.data[channel]?.orders ?? []).find((x) => x.key === text || x.aliases.includes(text));
  return o ? o.key : text;
}

// ---- loading -------------------------------------------------------------------------------

async function loadChannel(c) {
  const f = filters();
  const q = new URLSearchParams();
  const key = f.order ? orderKeyOn(c.channel, f.order) : '';
  if (key) q.set('order', key);
  const jq = new URLSearchParams(q);
  if (f.kind) jq.set('kind', f.kind);
  jq.set('limit', '200');
  const [orders, journal, callbacks, clock, scenarios] = await Promise.all([
    admin(c.channel, '/orders?limit=200'),
    admin(c.channel, `/journal?${jq}`),
    admin(c.channel, `/callbacks?${q}`),
    admin(c.channel, '/clock'),
    admin(c.channel, '/scenarios'),
  ]);
  state.data[c.channel] = {
    orders: orders.orders,
    journal: journal.entries,
    callbacks: callbacks.deliveries,
    clock,
    scenarios: scenarios.scenarios,
    overrides: scenarios.overrides,
  };
}

const pending = new Set();
let refreshTimer;
/** reload these channels (all when none given) soon, once however many changes come meanwhile */
function refreshSoon(channels) {
  for (const c of channels ?? state.channels.map((x) => x.channel)) pending.add(c);
  // at most one reload per 120 ms, however many changes come
  refreshTimer ??= setTimeout(() => {
    refreshTimer = undefined;
    refreshNow();
  }, 120);
}
async function refreshNow() {
  const names = [...pending];
  pending.clear();
  try {
    await Promise.all(state.channels.filter((c) => names.includes(c.channel)).map(loadChannel));
    render();
  } catch (e) {
    if (!(e instanceof NeedsToken)) say(`cannot load: ${e.message}`, true);
  }
}

// ---- live stream ---------------------------------------------------------------------------

let stream;
function stopStream() {
  stream?.abort();
  stream = undefined;
  setLive(false);
}
function setLive(on) {
  const b = $('#live');
  b.textContent = on ? 'live' : 'offline';
  b.className = `badge ${on ? 'on' : 'off'}`;
}
async function startStream() {
  stopStream();
  const controller = new AbortController();
  stream = controller;
  try {
    const res = await fetch(`${UI}/stream`, { headers: authHeaders(), signal: controller.signal });
    if (res.status === 401) return askToken();
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    setLive(true);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (data) onChange(JSON.parse(data));
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
    say(`live updates interrupted (${e.message}); reconnecting`, true);
  }
  if (stream !== controller) return;
  setLive(false);
  // the stream ended (the simulator restarted, a proxy timed out): reconnect and reload
  setTimeout(() => {
    if (stream === controller) {
      startStream();
      refreshSoon();
    }
  }, 2000);
}
function onChange(change) {
  refreshSoon([change.channel]);
}

// ---- rendering -----------------------------------------------------------------------------

function render() {
  renderChannels();
  renderOrders();
  renderCallbacks();
  renderJournal();
  renderDetail();
}

/** what each part of the page was last built from: a part is rebuilt only when that changes, so
 *  a click is never lost to a rebuild under the pointer and a select keeps its place */
const built = new Map();
function unchanged(part, ...from) {
  const signature = JSON.stringify(from);
  if (built.get(part) === signature) return true;
  built.set(part, signature);
  return false;
}

function renderChannels() {
  const shown = shownChannels();
  const from = shown.map((c) => {
    const d = state.data[c.channel];
    return [c.channel, d?.overrides, d?.scenarios.map((s) => s.id), state.credentials[c.channel]];
  });
  if (!unchanged('channels', from)) $('#channels').replaceChildren(...shown.map(channelCard));
  // the clock moves on its own: its text is updated in place
  for (const c of shown) {
    const d = state.data[c.channel];
    const card = $(`#channels .channel[data-channel="${c.channel}"]`);
    if (!d || !card) continue;
    card.querySelector('.clock-now').textContent = time(d.clock.now);
    card.querySelector('.pending').textContent = `${d.clock.pendingTimers} pending`;
  }
}

function channelCard(c) {
  const d = state.data[c.channel];
  if (!d) return el('article', { class: 'channel' }, c.title);
  const form = (state.forms[c.channel] ??= { scenario: '', operation: '', once: false });
  const keep = () => {
    form.scenario = scenarioSelect.value;
    form.operation = operationSelect.value;
    form.once = once.checked;
  };
  const scenarioSelect = el(
    'select',
    { class: 'scenario', 'aria-label': `${c.channel} scenario`, onchange: keep },
    d.scenarios.map((s) => el('option', { value: s.id, title: s.description, selected: s.id === form.scenario }, s.id)),
  );
  const operationSelect = el(
    'select',
    { class: 'operation', 'aria-label': `${c.channel} operation`, onchange: keep },
    el('option', { value: '' }, 'any operation'),
    c.operations.map((o) =>
      el('option', { value: o.name, title: o.description, selected: o.name === form.operation }, o.name),
    ),
  );
  const once = el('input', { type: 'checkbox', class: 'once', checked: form.once, onchange: keep });
  const creds = state.credentials[c.channel];
  return el(
    'article',
    { class: 'channel', dataset: { channel: c.channel } },
    el('h2', {}, c.title, ' ', el('span', { class: 'muted' }, `[${c.channel}]`)),
    c.url ? el('div', { class: 'muted' }, 'base URL ', el('code', {}, c.url)) : undefined,
    el(
      'div',
      { class: 'row' },
      'clock ',
      el('code', { class: 'clock-now' }, time(d.clock.now)),
      el('span', { class: 'muted pending' }, `${d.clock.pendingTimers} pending`),
    ),
    el(
      'div',
      { class: 'row' },
      ADVANCES.map(([label, ms]) =>
        el(
          'button',
          {
            type: 'button',
            class: 'advance',
            dataset: { ms: String(ms) },
            onclick: () =>
              act(`${c.channel}: clock ${label}`, async () => {
                const r = await admin(c.channel, '/clock/advance', { method: 'POST', body: { ms } });
                refreshSoon([c.channel]);
                return r;
              }),
          },
          label,
        ),
      ),
    ),
    el(
      'div',
      { class: 'row' },
      scenarioSelect,
      operationSelect,
      el('label', {}, once, ' once'),
      el(
        'button',
        {
          type: 'button',
          class: 'use-scenario',
          onclick: () =>
            act(`${c.channel}: use ${scenarioSelect.value}`, async () => {
              const body = { scenario: scenarioSelect.value, once: once.checked };
              if (operationSelect.value) body.operation = operationSelect.value;
              await admin(c.channel, '/scenarios/use', { method: 'POST', body });
              refreshSoon([c.channel]);
            }),
        },
        'Use',
      ),
    ),
    el(
      'div',
      { class: 'overrides' },
      d.overrides.length
        ? el(
            'ul',
            {},
            d.overrides.map((o) =>
              el(
                'li',
                { class: 'override' },
                o.scenarioId,
                o.operation ? ` on ${o.operation}` : '',
                o.match ? ` when ${JSON.stringify(o.match)}` : '',
                o.once ? ' (once)' : '',
              ),
            ),
          )
        : el('span', { class: 'muted' }, 'no override: each order gets its scenario by its own fields'),
    ),
    el(
      'div',
      { class: 'row' },
      el(
        'button',
        {
          type: 'button',
          class: 'clear-overrides',
          disabled: !d.overrides.length,
          onclick: () =>
            act(`${c.channel}: clear overrides`, async () => {
              await admin(c.channel, '/scenarios/overrides', { method: 'DELETE' });
              refreshSoon([c.channel]);
            }),
        },
        'Clear overrides',
      ),
      el(
        'button',
        {
          type: 'button',
          class: 'show-credentials',
          onclick: () =>
            act(`${c.channel}: credentials`, async () => {
              state.credentials[c.channel] = creds ? undefined : await admin(c.channel, '/credentials');
              renderChannels();
            }),
        },
        creds ? 'Hide credentials' : 'Show credentials',
      ),
      el(
        'button',
        {
          type: 'button',
          class: 'reset danger',
          onclick: () => act(`${c.channel}: reset`, () => resetChannels([c.channel])),
        },
        'Reset',
      ),
    ),
    creds ? el('pre', { class: 'credentials' }, json(creds)) : undefined,
  );
}

async function resetChannels(names) {
  await Promise.all(names.map((n) => admin(n, '/reset', { method: 'POST' })));
  state.selected = undefined;
  refreshSoon(names);
}

/** rows of every shown channel, newest first: by `order` (time, then a tie-break such as the id) */
function rowsOf(listName, order) {
  const newestFirst = (a, b) => {
    const [x, y] = [order(a.x), order(b.x)];
    return y[0] - x[0] || (y[1] > x[1] ? 1 : y[1] < x[1] ? -1 : 0);
  };
  return shownChannels()
    .flatMap((c) => (state.data[c.channel]?.[listName] ?? []).map((x) => ({ channel: c.channel, x })))
    .sort(newestFirst);
}
const isSelected = (type, channel, id) =>
  state.selected?.type === type && state.selected.channel === channel && state.selected.id === id;
function select(type, channel, id) {
  state.selected = { type, channel, id };
  render();
}

function renderOrders() {
  const text = filters().order;
  const rows = rowsOf('orders', (o) => [Date.parse(o.updatedAt), o.key]).filter(
    ({ x }) => !text || x.key === text || x.aliases.includes(text),
  );
  if (unchanged('orders', rows, state.selected)) return;
  $('#orders-table tbody').replaceChildren(
    ...rows.map(({ channel, x }) =>
      el(
        'tr',
        {
          class: isSelected('order', channel, x.key) ? 'selected' : undefined,
          dataset: { channel, key: x.key, state: x.state },
          onclick: () => select('order', channel, x.key),
        },
        el('td', {}, channel),
        el('td', {}, x.key),
        el('td', {}, x.kind),
        el('td', { class: `state ${stateClass(x.state)}` }, x.state),
        el('td', { class: 'scenario' }, x.scenario),
        el('td', {}, time(x.updatedAt)),
      ),
    ),
  );
}
const stateClass = (s) =>
  /FAIL|CLOSE|CANCEL|REFUND|EXPIRE|LOST/i.test(s) ? 'bad' : /SUCCESS|ARRIVED|ACTIVE|SETTLED/i.test(s) ? 'good' : '';

function renderCallbacks() {
  const rows = rowsOf('callbacks', (d) => [d.createdAt, d.id]);
  if (unchanged('callbacks', rows, state.selected)) return;
  $('#callbacks-table tbody').replaceChildren(
    ...rows.map(({ channel, x }) =>
      el(
        'tr',
        {
          class: isSelected('callback', channel, x.id) ? 'selected' : undefined,
          dataset: { channel, id: x.id, status: x.status },
          onclick: () => select('callback', channel, x.id),
        },
        el('td', {}, channel),
        el(
          'td',
          {},
          x.id,
          x.replayOf ? el('span', { class: 'muted' }, ` replay of ${x.replayOf} (${x.replayMode})`) : '',
        ),
        el('td', {}, x.orderKey),
        el('td', {}, x.event),
        el(
          'td',
          { class: `status ${x.status === 'acked' ? 'good' : x.status === 'gave-up' ? 'bad' : 'warn'}` },
          x.status,
        ),
        el('td', { class: 'attempts' }, String(x.attempts.length)),
      ),
    ),
  );
}

function entryResult(e) {
  if (e.error) return { text: e.error.code, cls: 'bad' };
  if (e.response) return { text: String(e.response.status), cls: e.response.status < 400 ? 'good' : 'bad' };
  return { text: '', cls: '' };
}

function renderJournal() {
  const rows = rowsOf('journal', (e) => [e.at, e.id]);
  if (unchanged('journal', rows, state.selected)) return;
  $('#journal-table tbody').replaceChildren(
    ...rows.map(({ channel, x }) => {
      const r = entryResult(x);
      return el(
        'tr',
        {
          class: isSelected('journal', channel, x.id) ? 'selected' : undefined,
          dataset: { channel, id: String(x.id), kind: x.kind, operation: x.operation },
          onclick: () => select('journal', channel, x.id),
        },
        el('td', {}, String(x.id)),
        el('td', {}, timeOf(x.at)),
        el('td', {}, channel),
        el('td', {}, x.kind),
        el('td', {}, x.operation),
        el('td', {}, x.orderKey ?? ''),
        el('td', { class: r.cls }, r.text),
        el('td', { class: x.warnings.length ? 'warn' : '' }, x.warnings.length ? String(x.warnings.length) : ''),
      );
    }),
  );
}

// ---- detail --------------------------------------------------------------------------------

function renderDetail() {
  const box = $('#detail');
  const s = state.selected;
  const d = s && state.data[s.channel];
  let content;
  if (s?.type === 'order')
    content = orderDetail(
      s.channel,
      d?.orders.find((o) => o.key === s.id),
    );
  if (s?.type === 'callback')
    content = callbackDetail(
      s.channel,
      d?.callbacks.find((x) => x.id === s.id),
    );
  if (s?.type === 'journal')
    content = journalDetail(
      s.channel,
      d?.journal.find((x) => x.id === s.id),
    );
  const parts = content ?? [el('p', { class: 'muted' }, 'Click an order, a callback or a journal entry.')];
  box.replaceChildren(...parts.flat(Infinity).filter((x) => x !== undefined && x !== null));
}

const pairs = (obj) =>
  el(
    'dl',
    {},
    Object.entries(obj)
      .filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length))
      .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, typeof v === 'string' ? v : JSON.stringify(v))]),
  );

/** SMS codes an order's data holds (a channel keeps them where it likes: data.sms.code, data.smsCode) */
function smsCodes(data, path = 'data', inSms = false) {
  if (!data || typeof data !== 'object') return [];
  return Object.entries(data).flatMap(([k, v]) => {
    const p = `${path}.${k}`;
    const scalar = typeof v === 'string' || typeof v === 'number';
    if (scalar && (/^sms_?code$/i.test(k) || (inSms && k === 'code'))) return [[p, String(v)]];
    return smsCodes(v, p, /sms/i.test(k));
  });
}

function orderDetail(channel, o) {
  if (!o) return [el('p', { class: 'muted' }, 'That order is gone (reset or evicted).')];
  const c = state.channels.find((x) => x.channel === channel);
  const events = c.events.filter((e) => !e.kind || e.kind === o.kind);
  return [
    el('h2', {}, `${channel} ${o.kind} `, el('code', {}, o.key)),
    pairs({
      state: o.state,
      reason: o.reason,
      merchant: o.merchant,
      aliases: o.aliases.join(', '),
      scenario: o.scenario,
      'chosen because': o.scenarioWhy,
      created: time(o.createdAt),
      updated: time(o.updatedAt),
    }),
    ...smsCodes(o.data).map(([path, code]) =>
      el('p', {}, 'SMS code ', el('span', { class: 'sms' }, code), el('span', { class: 'muted' }, ` (${path})`)),
    ),
    el('h3', {}, 'Outside-world events'),
    el(
      'div',
      { class: 'actions' },
      events.length
        ? events.map((e) =>
            el(
              'button',
              {
                type: 'button',
                class: 'event',
                dataset: { event: e.name },
                title: `${e.description}${e.from ? ` (from ${e.from.join(', ')})` : ''}`,
                disabled: !!e.from && !e.from.includes(o.state),
                onclick: () =>
                  act(`${channel}: ${e.name} on ${o.key}`, async () => {
                    await admin(channel, `/orders/${encodeURIComponent(o.key)}/events/${encodeURIComponent(e.name)}`, {
                      method: 'POST',
                    });
                    refreshSoon([channel]);
                  }),
              },
              e.name,
            ),
          )
        : el('span', { class: 'muted' }, `no outside-world event applies to a ${o.kind}`),
    ),
    el(
      'div',
      { class: 'actions' },
      el(
        'button',
        {
          type: 'button',
          class: 'filter-order',
          onclick: () => {
            $('#filter-order').value = o.key;
            refreshSoon();
          },
        },
        'Show only this order',
      ),
    ),
    el('h3', {}, 'History'),
    o.history.length
      ? el(
          'table',
          { class: 'history' },
          el('thead', {}, el('tr', {}, el('th', {}, 'at'), el('th', {}, 'from → to'), el('th', {}, 'cause'))),
          el(
            'tbody',
            {},
            o.history.map((h) =>
              el('tr', {}, el('td', {}, time(h.at)), el('td', {}, `${h.from} → ${h.to}`), el('td', {}, h.cause)),
            ),
          ),
        )
      : el('p', { class: 'muted' }, 'no transition yet'),
    el('h3', {}, 'Data'),
    el('pre', { class: 'order-data' }, json(o.data)),
  ];
}

function callbackDetail(channel, d) {
  if (!d) return [el('p', { class: 'muted' }, 'That delivery is gone (reset).')];
  const replay = (mode, label) =>
    el(
      'button',
      {
        type: 'button',
        class: 'replay',
        dataset: { mode },
        onclick: () =>
          act(`${channel}: replay ${d.id} (${mode})`, async () => {
            const r = await admin(channel, `/callbacks/${encodeURIComponent(d.id)}/replay`, {
              method: 'POST',
              body: { mode },
            });
            await loadChannel(state.channels.find((c) => c.channel === channel));
            select('callback', channel, r.id);
          }),
      },
      label,
    );
  return [
    el('h2', {}, `${channel} callback `, el('code', {}, d.id)),
    pairs({
      order: d.orderKey,
      event: d.event,
      status: d.status,
      copy: d.copy > 1 ? String(d.copy) : undefined,
      tamper: d.tamper,
      'replay of': d.replayOf && `${d.replayOf} (${d.replayMode})`,
      'next attempt': d.nextAt ? timeOf(d.nextAt) : undefined,
      note: d.note,
    }),
    el('div', { class: 'actions' }, replay('resign', 'Replay (re-signed)'), replay('exact', 'Replay (exact bytes)')),
    el('h3', {}, `Attempts (${d.attempts.length})`),
    d.attempts.length
      ? d.attempts.map((a) =>
          el(
            'div',
            { class: 'attempt', dataset: { n: String(a.n) } },
            pairs({
              attempt: String(a.n),
              at: timeOf(a.at),
              to: `${a.request.method} ${a.request.url}`,
              'forwarded to': a.forwardedTo,
              answer: a.response ? String(a.response.status) : undefined,
              error: a.error,
              acknowledged: a.acked ? 'yes' : 'no',
              tampered: a.tampered ? 'yes' : undefined,
              took: `${a.durationMs} ms`,
            }),
            el('pre', { class: 'attempt-body' }, a.request.body),
            a.response ? el('pre', { class: 'attempt-answer' }, a.response.body) : undefined,
          ),
        )
      : el('p', { class: 'muted' }, 'not tried yet (advance the clock, or wait)'),
  ];
}

/** fetch a journal body's bytes and hand them to the browser as a file (the token goes in a header) */
async function download(channel, id, part) {
  const res = await fetch(`${UI}/raw/${encodeURIComponent(channel)}/${id}/${part}`, { headers: authHeaders() });
  if (res.status === 401) return askToken();
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error?.message ?? `HTTP ${res.status}`);
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${channel}-${id}-${part}`;
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function httpPart(label, part, m, channel, id) {
  if (!m) return [];
  return [
    el('h3', {}, label),
    el('p', {}, el('code', {}, 'method' in m ? `${m.method} ${m.url}` : `HTTP ${m.status}`)),
    m.headers
      ? el(
          'pre',
          { class: `${part}-headers` },
          Object.entries(m.headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n'),
        )
      : undefined,
    el('pre', { class: `${part}-body` }, m.body),
    el(
      'button',
      {
        type: 'button',
        class: 'download',
        dataset: { part },
        onclick: () => act(`download ${part} of entry ${id}`, () => download(channel, id, part)),
      },
      `Download ${part} bytes`,
    ),
  ];
}

function journalDetail(channel, e) {
  if (!e) return [el('p', { class: 'muted' }, 'That entry is gone (reset, or older than the journal keeps).')];
  return [
    el('h2', {}, `${channel} journal #${e.id} `, el('span', { class: 'muted' }, `${e.kind} ${e.operation}`)),
    pairs({
      at: timeOf(e.at),
      order: e.orderKey,
      scenario: e.scenario,
      why: e.why,
      step: e.step === undefined ? undefined : String(e.step),
      fault: e.fault,
      delivery: e.deliveryId && `${e.deliveryId} attempt ${e.attempt}`,
      'forwarded to': e.forwardedTo,
      error: e.error && `${e.error.code}: ${e.error.message}`,
      took: e.durationMs === undefined ? undefined : `${e.durationMs} ms`,
    }),
    el('h3', {}, `Warnings (${e.warnings.length})`),
    e.warnings.length
      ? el(
          'ul',
          { class: 'warnings' },
          e.warnings.map((w) => el('li', {}, w)),
        )
      : el('p', { class: 'muted' }, 'none'),
    ...(e.fields ? [el('h3', {}, 'Decoded fields'), el('pre', { class: 'fields' }, json(e.fields))] : []),
    ...httpPart('Request', 'request', e.request, channel, e.id),
    ...httpPart('Response', 'response', e.response, channel, e.id),
  ];
}

// ---- start ---------------------------------------------------------------------------------

async function boot() {
  try {
    const { channels } = await call(`${UI}/channels`);
    state.channels = channels;
  } catch (e) {
    if (!(e instanceof NeedsToken)) say(`cannot load the simulators: ${e.message}`, true);
    return;
  }
  $('#token-form').hidden = true;
  $('#main').hidden = false;
  const select = $('#filter-channel');
  select.replaceChildren(
    el('option', { value: '' }, 'all'),
    ...state.channels.map((c) => el('option', { value: c.channel }, c.channel)),
  );
  say(`${state.channels.length} simulator(s): ${state.channels.map((c) => c.channel).join(', ')}`);
  refreshSoon();
  startStream();
}

$('#token-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('#token-input').value);
  $('#token-input').value = '';
  boot();
});
$('#filters').addEventListener('submit', (ev) => ev.preventDefault());
for (const id of ['#filter-channel', '#filter-kind']) $(id).addEventListener('change', () => refreshSoon());
$('#filter-order').addEventListener('input', () => refreshSoon());
$('#reset-all').addEventListener('click', () =>
  act('reset', () => resetChannels(shownChannels().map((c) => c.channel))),
);
// a simulator clock runs on its own (a system clock): show it moving
setInterval(() => {
  if (!$('#main').hidden && !document.hidden) refreshSoon();
}, 5000);
window.addEventListener('pagehide', stopStream);
boot();
