// The admin page: figures fed by Herald itself. It connects with herald.js like any client, subscribes to the
// reserved type herald.stats (refused by the server unless the token has herald-admin) and draws each snapshot;
// a user's sessions come from GET api/v1/sessions and are closed with DELETE api/v1/sessions (4401).
import { Herald } from './herald.js';

const $ = (id) => document.getElementById(id);
const BASE = new URL('.', location.href).href;   // the context root: /admin sits right under it
const STATS = 'herald.stats';
const POINTS = 90;                                 // points kept per chart: 90 s at one frame a second
const TOP_TENANT_LINES = 5;
const COLORS = ['#2f6fdf', '#e0742a', '#2a9d6a', '#b03fb8', '#c9a227', '#5a6270'];
const DEV_TOKEN = 'dev/token?tenant=ops&user=admin&roles=herald-admin&ttl=3600';

let herald = null;
let token = null;           // null: cookie mode (the browser sends the token cookie itself)
let history = [];           // the last POINTS stats frames

// ---- connecting

async function devToken() {
  const res = await fetch(DEV_TOKEN, { cache: 'no-store' });
  if (res.status === 404) throw new Error('the dev token endpoint is off (herald.dev.enabled=false): paste a token or use the cookie');
  if (!res.ok) throw new Error(`dev/token answered ${res.status}`);
  return (await res.json()).token;
}

function start({ withToken, provider }) {
  herald?.close();
  history = [];
  token = withToken;
  refusal(null);
  $('dash').hidden = true;
  $('who').textContent = '';
  let welcomed = false;
  const h = Herald.connect(BASE, {
    token: withToken ?? undefined,
    tokenProvider: provider ? async () => (token = await provider()) : undefined,
    transports: ['websocket'],          // the feed is a WebSocket subscription; no fallback needed for operators
  });
  herald = h;
  h.onStatus((s) => {
    if (h !== herald) return;
    if (s.state === 'open') welcomed = true;
    badge(s.state, s.state === 'open' ? `live as ${h.session.user}@${h.session.tenant}` : s.reason ?? s.state);
    if (!welcomed && s.state === 'reconnecting') explainRefusedUpgrade(h);
  });
  h.on(STATS, (frame) => { if (h === herald && frame.id === undefined) show(frame); }); // an id: a tenant's own event
  h.subscribe([STATS]).then(
    () => {
      if (h !== herald) return;
      $('dash').hidden = false;
      $('login').hidden = true;
      $('switch').hidden = false;
      $('who').textContent = 'herald-admin';
    },
    (e) => {
      if (h !== herald) return;
      refusal(e.code === 'forbidden'
        ? `Refused: this token is not herald-admin. The server answered: ${e.message}`
        : `The feed could not be subscribed: ${e.code} ${e.message}`);
      stop('refused');
    });
}

/** A browser cannot read why an upgrade was refused (it sees 1006): ask the HTTP API with the same credential. */
async function explainRefusedUpgrade(h) {
  const res = await api('GET', 'api/v1/stats').catch(() => null);
  if (h !== herald || !res || (res.status !== 401 && res.status !== 403)) return;
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) {
    refusal(`Refused: the token was not accepted (${body.message ?? res.status}).`);
    stop('refused');
  }
}

function stop(state) {
  herald?.close();
  herald = null;
  $('dash').hidden = true;
  badge(state, state);
}

function badge(state, text) {
  $('status').className = `badge ${state}`;
  $('status').textContent = text;
}

function refusal(text) {
  $('refusal').hidden = !text;
  $('refusal').textContent = text ?? '';
}

function api(method, path) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  return fetch(new URL(path, BASE), { method, headers, cache: 'no-store' });
}

// ---- figures

const fmt = (v, digits = 1) => (v === undefined || v === null ? '–' : Number(v).toFixed(digits));

function show(frame) {
  history.push(frame);
  if (history.length > POINTS) history.shift();
  const n = frame.node;
  $('connections').textContent = n.connections;
  $('in').textContent = fmt(n.in);
  $('out').textContent = fmt(n.out);
  $('dropped').textContent = fmt(n.dropped);
  $('p50').textContent = n.p50_ms === undefined ? '–' : `${fmt(n.p50_ms, 2)} ms`;
  $('p99').textContent = n.p99_ms === undefined ? '–' : `${fmt(n.p99_ms, 2)} ms`;
  $('tenant-count').textContent = n.tenants;
  $('updated').textContent = new Date(frame.at).toLocaleTimeString();
  rows($('tenants'), frame.tenants, (t) => [t.tenant, t.connections, fmt(t.in), fmt(t.out), fmt(t.published),
    fmt(t.delivered), fmt(t.dropped), fmt(t.p50_ms, 2), fmt(t.p99_ms, 2)], (tr, t) => {
    tr.dataset.tenant = t.tenant;
    tr.className = 'pick';
    tr.title = 'search this tenant\'s users below';
    tr.onclick = () => { $('search-tenant').value = t.tenant; $('search-user').focus(); };
  });
  rows($('rooms'), frame.rooms, (r) => [r.tenant, r.room, r.members]);
  charts();
}

function rows(tbody, items, cells, decorate) {
  tbody.replaceChildren(...items.map((item) => {
    const tr = document.createElement('tr');
    for (const v of cells(item)) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.appendChild(td);
    }
    decorate?.(tr, item);
    return tr;
  }));
}

function charts() {
  const latest = history[history.length - 1];
  const lines = latest.tenants.slice(0, TOP_TENANT_LINES).map((t) => ({
    name: t.tenant, values: history.map((f) => f.tenants.find((x) => x.tenant === t.tenant)?.connections ?? 0),
  }));
  lines.push({ name: 'all', values: history.map((f) => f.node.connections) });
  chart('connections', lines);
  chart('messages', [{ name: 'in', values: history.map((f) => f.node.in) }, { name: 'out', values: history.map((f) => f.node.out) }]);
  chart('drops', [{ name: 'dropped', values: history.map((f) => f.node.dropped) }]);
  chart('latency', [{ name: 'p50', values: history.map((f) => f.node.p50_ms) }, { name: 'p99', values: history.map((f) => f.node.p99_ms) }]);
}

const SVG = 'http://www.w3.org/2000/svg';
const W = 320, H = 120, LEFT = 30, TOP = 8, BOTTOM = 12;

/** A small line chart, hand-drawn in SVG: the last POINTS values of each series, a missing value a gap. */
function chart(name, series) {
  const svg = $(`chart-${name}`);
  const all = series.flatMap((s) => s.values).filter((v) => typeof v === 'number');
  const max = niceMax(Math.max(1, ...all));       // a scale of at least 1: a flat zero line stays at the bottom
  const x = (i) => LEFT + (W - LEFT - 2) * (i / (POINTS - 1));
  const y = (v) => TOP + (H - BOTTOM - TOP) * (1 - v / max);
  const parts = [];
  for (const f of [0, 0.5, 1]) {
    parts.push(el('line', { class: 'grid', x1: LEFT, x2: W, y1: y(max * f), y2: y(max * f) }));
    parts.push(el('text', { x: 2, y: y(max * f) + 3 }, label(max * f)));
  }
  parts.push(el('text', { x: LEFT, y: H - 1 }, `${POINTS} s`), el('text', { x: W - 20, y: H - 1 }, 'now'));
  series.forEach((s, k) => {
    const offset = POINTS - s.values.length;
    let run = [];
    const flush = () => {
      if (run.length) parts.push(el('polyline', { points: run.join(' '), stroke: COLORS[k % COLORS.length] }));
      run = [];
    };
    s.values.forEach((v, i) => (typeof v === 'number' ? run.push(`${x(i + offset).toFixed(1)},${y(v).toFixed(1)}`) : flush()));
    flush();
  });
  svg.replaceChildren(...parts);
  $(`legend-${name}`).replaceChildren(...series.map((s, k) => {
    const span = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = COLORS[k % COLORS.length];
    const last = s.values[s.values.length - 1];
    span.append(swatch, `${s.name} ${last === undefined || last === null ? '–' : label(last)}`);
    return span;
  }));
}

function el(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function niceMax(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= v);
}

function label(v) {
  if (v >= 1000) return `${(v / 1000).toFixed(v >= 10000 ? 0 : 1)}k`;
  return Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1);
}

// ---- a user's sessions

async function search() {
  const tenant = $('search-tenant').value.trim();
  const user = $('search-user').value.trim();
  const res = await api('GET', `api/v1/sessions?tenant=${encodeURIComponent(tenant)}&user=${encodeURIComponent(user)}`);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    $('sessions-note').textContent = `refused: ${res.status} ${body.message ?? ''}`;
    return;
  }
  const sessions = body.sessions;
  $('sessions-note').textContent = sessions.length ? '' : `${user}@${tenant} has no open session on this node`;
  rows($('session-rows'), sessions, (s) => [s.session, s.protocol, new Date(s.connected_since).toLocaleTimeString(),
    s.rooms.join(', '), s.types.join(', '), s.messages_in, s.messages_out, s.queued]);
  const button = $('disconnect');
  button.hidden = !sessions.length;
  button.textContent = `Disconnect ${user}@${tenant} (${sessions.length} session${sessions.length === 1 ? '' : 's'}, close 4401)`;
  button.onclick = () => disconnect(tenant, user);
}

async function disconnect(tenant, user) {
  const res = await api('DELETE', `api/v1/sessions?tenant=${encodeURIComponent(tenant)}&user=${encodeURIComponent(user)}`);
  const body = await res.json().catch(() => ({}));
  await search();
  $('sessions-note').textContent = res.ok ? `closed ${body.closed} session${body.closed === 1 ? '' : 's'} of ${user}@${tenant}`
    : `refused: ${res.status} ${body.message ?? ''}`;
}

// ---- wiring

$('use-token').onclick = () => {
  const pasted = $('token').value.trim();
  if (!pasted) return refusal('Paste a token first, or use the cookie.');
  $('devnote').hidden = true;
  start({ withToken: pasted });
};
$('switch').onclick = () => {
  stop('not connected');
  $('login').hidden = false;
  $('switch').hidden = true;
  $('who').textContent = '';
};
$('use-cookie').onclick = () => { $('devnote').hidden = true; start({ withToken: null }); };
$('use-dev').onclick = async () => {
  try {
    const first = await devToken();
    $('devnote').hidden = false;
    start({ withToken: first, provider: devToken });
  } catch (e) {
    refusal(e.message);
  }
};
$('search').addEventListener('submit', (e) => { e.preventDefault(); search().catch((err) => { $('sessions-note').textContent = err.message; }); });
