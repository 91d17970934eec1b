// What the demo pages share: who the user is, a token for them, the connection through herald.js and its status,
// calls to Herald's HTTP API, announcements for screen readers, and a small DOM builder (text only, never HTML, so
// nothing an event carries can inject markup). Every URL is relative to this module, so the pages work at any
// context root (/ with the run command, /herald on WildFly).
import { Herald } from '../herald.js';

/** Herald's context root: the folder above /pages/. */
export const ROOT = new URL('../', import.meta.url);
const query = new URLSearchParams(location.search);
const NAME = /^[A-Za-z0-9._:@|+-]{1,128}$/;

/** The tenant of the page (?tenant=, default demo). */
export const tenant = NAME.test(query.get('tenant') ?? '') ? query.get('tenant') : 'demo';

/** The page's user: ?user= when it is a valid user name, else the page's default. */
export function userOr(fallback) {
  const u = query.get('user');
  return u && NAME.test(u) ? u : fallback;
}

/** This page's URL as another user (or the same one: a second device). */
export function pageAs(user) {
  const u = new URL(location.href);
  u.searchParams.set('user', user);
  u.hash = '';
  return u.href;
}

/** The demo pages, in the order of the bar's navigation: name (the bar's data-page), file, title. */
const PAGES = [['notifications', 'notifications.html', 'Notification centre'], ['chat', 'chat.html', 'Clinic chat'],
  ['dashboard', 'dashboard.html', 'Operations'], ['faces', 'faces.xhtml', 'JSF board']];
const BELL_PATH = 'M12 2a1 1 0 0 1 1 1v1.1A7 7 0 0 1 19 11v4l2 3H3l2-3v-4a7 7 0 0 1 6-6.9V3a1 1 0 0 1 1-1Zm-2.5 18h5a2.5 2.5 0 0 1-5 0Z';

/**
 * Fills the page's top bar (header.topbar[data-page]): Herald's name linking to the demo page, the navigation between
 * the pages (the current one marked aria-current), and, before what the page put in .topbar-end, the connection's
 * status (#status, a polite live region) and the user (#me).
 */
function topbar() {
  const bar = document.querySelector('header.topbar');
  if (!bar) return;
  const end = bar.querySelector('.topbar-end') ?? bar.appendChild(el('div', { className: 'topbar-end' }));
  bar.prepend(
    el('a', { className: 'brand', href: '../' }, el('svg:svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true' },
      el('svg:path', { fill: 'currentColor', d: BELL_PATH })), 'Herald'),
    el('nav', { 'aria-label': 'Demo pages' }, el('ul', {}, PAGES.map(([page, file, title]) => el('li', {},
      el('a', { href: `${file}${location.search}`, 'aria-current': page === bar.dataset.page ? 'page' : null }, title))))));
  end.prepend(
    el('span', { id: 'status', className: 'status', role: 'status', dataset: { state: 'connecting' } }, 'Connecting…'),
    el('span', { className: 'me' }, 'Signed in as ', el('strong', { id: 'me' }, '…')));
}

let token = null;

/**
 * A token for the user from the dev-only endpoint (server-config/dev: herald.dev.enabled). A real application gives
 * the tokenProvider its own login's token instead.
 */
async function devToken(user) {
  const res = await fetch(new URL(`dev/token?tenant=${encodeURIComponent(tenant)}&user=${encodeURIComponent(user)}`, ROOT),
    { cache: 'no-store' });
  if (!res.ok) {
    throw new Error('These pages take their token from the dev-only /dev/token endpoint, which is off on this server '
      + '(herald.dev.enabled). Start Herald with the README\'s run command.');
  }
  return (await res.json()).token;
}

/** A visible banner under the top bar, for what the user must know (no token, the demo is off). */
export function notice(text) {
  const el = document.getElementById('notice');
  if (!el) return;
  el.textContent = text;
  el.hidden = !text;
}

/** Fills the top bar (navigation, #status, #me) for `user`: what connect() does before connecting. */
export function frame(user) {
  topbar();
  const me = document.getElementById('me');
  if (me) me.textContent = user;
}

/**
 * A herald.js tokenProvider for `user`: the dev token, or null with the notice saying why (the dev endpoint is off).
 */
export function tokenProviderOf(user) {
  return async () => {
    try {
      token = await devToken(user);
      return token;
    } catch (e) {
      notice(e.message);
      return null;
    }
  };
}

/** Shows a herald.js status ({state, transport, reason, retryInMs}) in the bar's #status. */
export function showStatus(s) {
  const status = document.getElementById('status');
  if (!status) return;
  status.dataset.state = s.state;
  status.textContent = describe(s);
}

/**
 * Connects as `user` with herald.js and shows the connection's status in #status.
 * @param {string} user
 * @param {object} options herald.js ConnectOptions (rooms, types, …)
 */
export function connect(user, options = {}) {
  frame(user);
  const herald = Herald.connect(ROOT.href, { ...options, tokenProvider: tokenProviderOf(user) });
  herald.onStatus(showStatus);
  return herald;
}

function describe(s) {
  const via = s.transport === 'websocket' ? '' : ` · ${s.transport === 'sse' ? 'SSE' : 'long polling'}`;
  switch (s.state) {
    case 'open': return `Live${via}`;
    case 'connecting': return 'Connecting…';
    case 'reconnecting': return s.retryInMs ? `Reconnecting in ${Math.ceil(s.retryInMs / 1000)} s…` : 'Reconnecting…';
    case 'offline': return 'Offline';
    default: return s.reason ? `Disconnected: ${s.reason}` : 'Disconnected';
  }
}

/** GET a path of Herald's HTTP API with the page's token; resolves with the JSON body, rejects unless 2xx. */
export async function api(path) {
  const res = await fetch(new URL(path, ROOT), { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return res.json();
}

/** Says `text` to screen readers through the page's polite live region (#announcer). */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // a fresh text node in a later task, so that the same words twice are announced twice
  setTimeout(() => { region.textContent = text; }, 50);
}

/**
 * Builds an element: el('li', {class: 'x', dataset: {id: 1}, onclick: fn}, 'text', child). Strings become text nodes.
 * Attributes with null/false values are left out.
 */
export function el(tag, props = {}, ...children) {
  const node = tag.includes(':') ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k === 'className' ? 'class' : k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const short = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** A <time> element for an ISO timestamp (null: now), as hh:mm:ss or hh:mm. */
export function time(iso, { seconds = true } = {}) {
  const d = iso ? new Date(iso) : new Date();
  const valid = !Number.isNaN(d.getTime());
  return el('time', { datetime: valid ? d.toISOString() : null }, valid ? (seconds ? clock : short).format(d) : '');
}

/** A colour for a user's avatar, the same on every page and device. */
export function colourOf(name) {
  let h = 0;
  for (const c of name) h = (h * 31 + c.codePointAt(0)) % 360;
  return `hsl(${h} 50% 30%)`;   // dark enough for white initials (>= 4.5:1 at every hue)
}
