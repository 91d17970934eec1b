// The notification centre (seed 001's notification service): a bell with the unread count, a tray and an inbox.
// State: the user's notifications by id. Sources: the `notifications.list` call (what the demo's inbox holds) and the
// events `notification` (a new one) and `notification_update` (its status changed, on any device of the user).
// Marking read calls `notifications.read`, whose `notification_update` reaches every device, this one included.
import { connect, userOr, pageAs, announce, notice, el, time, tenant } from './session.js';

const TRAY_ITEMS = 6;
const MAX_PER_CALL = 50;   // notifications.read takes at most this many ids
const LEVEL_MARK = { INFO: 'i', SUCCESS: '✓', WARNING: '!' };
const $ = (id) => document.getElementById(id);

const me = userOr('alice');
/** id → {notification_id, title, message, type, status, created_at, seq}; `seq` orders arrivals without a date. */
const notes = new Map();
/** Ids marked read before their notification arrived here (an update can overtake it between two lists). */
const readEarly = new Set();
let seq = 0;
let filter = 'all';

const herald = connect(me, { types: ['notification', 'notification_update'] });
$('tenant').textContent = tenant;
$('second-device').href = pageAs(me);

herald.on('notification', (e) => {
  if (!e.data || typeof e.data.notification_id !== 'string') return;
  const fresh = !notes.has(e.data.notification_id);
  keep(e.data);
  render();
  if (fresh && !isRead(notes.get(e.data.notification_id))) {
    announce(`New notification: ${e.data.title ?? ''}`);
    ring();
  }
});

herald.on('notification_update', (e) => {
  const id = e.data?.notification_id;
  if (typeof id !== 'string') return;
  const n = notes.get(id);
  if (n) n.status = e.data.status ?? n.status;
  else if (e.data.status === 'READ') readEarly.add(id);
  render();
});

let loaded = false;
herald.onStatus((s) => { if (s.state === 'open' && !loaded) { loaded = true; load(); } });
herald.onReset(() => load());

/** What the demo's inbox holds; merged with what events brought meanwhile (a read on either side wins). */
async function load() {
  try {
    const { items } = await herald.call('notifications.list');
    for (const item of [...items].reverse()) keep(item);
  } catch (e) {
    notice(e.code === 'not_found' ? 'The demo is off (herald.demo.enabled): only notifications published from now on are shown.'
      : `Could not load your notifications: ${e.message}`);
  }
  render();
}

function keep(data) {
  const id = data.notification_id;
  const before = notes.get(id);
  const read = isRead(before) || isRead(data) || readEarly.delete(id);
  notes.set(id, { ...before, ...data, status: read ? 'READ' : (data.status ?? 'UNREAD'), seq: before?.seq ?? ++seq });
}

function isRead(n) {
  return n?.status === 'READ';
}

function sorted() {
  return [...notes.values()].sort((a, b) => (Date.parse(b.created_at) || 0) - (Date.parse(a.created_at) || 0) || b.seq - a.seq);
}

async function markRead(ids) {
  const unread = ids.filter((id) => !isRead(notes.get(id))).slice(0, MAX_PER_CALL);
  if (!unread.length) return;
  for (const id of unread) notes.get(id).status = 'READ';     // at once here; the update confirms it on every device
  render();
  try {
    await herald.call('notifications.read', { notification_ids: unread });
  } catch (e) {
    for (const id of unread) notes.get(id).status = 'UNREAD';
    render();
    announce(`Could not mark as read: ${e.message}`);
  }
}

// ---- rendering

function render() {
  const all = sorted();
  const unread = all.filter((n) => !isRead(n)).length;
  const bell = $('bell');
  bell.dataset.unread = String(unread);
  bell.setAttribute('aria-label', unread ? `Notifications, ${unread} unread` : 'Notifications, none unread');
  $('bell-count').textContent = unread > 99 ? '99+' : String(unread);
  $('bell-count').hidden = unread === 0;
  document.title = `${unread ? `(${unread}) ` : ''}Notification centre · Herald`;

  const shown = filter === 'unread' ? all.filter((n) => !isRead(n)) : all;
  $('inbox').replaceChildren(...shown.map((n) => item(n, 'inbox')));
  $('inbox-empty').hidden = shown.length > 0;
  $('inbox-summary').textContent = `${unread} unread of ${all.length}`;
  $('read-all').disabled = unread === 0;

  const tray = all.slice(0, TRAY_ITEMS);
  $('tray-list').replaceChildren(...tray.map((n) => item(n, 'tray')));
  $('tray-empty').hidden = tray.length > 0;
  $('tray-read-all').disabled = unread === 0;
}

const rendered = new Set();

function item(n, where) {
  const read = isRead(n);
  const level = (n.type ?? 'INFO').toUpperCase();
  const titleId = `${where}-${n.notification_id}`;
  const li = el('li', { className: read ? 'read' : 'unread', dataset: { id: n.notification_id, status: read ? 'READ' : 'UNREAD' }, 'aria-labelledby': titleId },
    el('span', { className: `level level-${level.toLowerCase()}`, 'aria-hidden': 'true' }, LEVEL_MARK[level] ?? 'i'),
    el('div', {},
      el('h3', { id: titleId }, read ? null : el('span', { className: 'dot', 'aria-hidden': 'true' }), n.title ?? '(no title)',
        el('span', { className: 'sr-only' }, read ? ', read' : ', unread')),
      n.message ? el('p', { className: 'msg' }, n.message) : null,
      time(n.created_at, { seconds: false })),
    read ? el('span', { className: 'read-mark' }, '✓ Read')
      : el('button', { type: 'button', className: 'btn btn-small mark', onclick: () => markRead([n.notification_id]) },
        'Mark read', el('span', { className: 'sr-only' }, `: ${n.title ?? ''}`)));
  const key = `${where}:${n.notification_id}`;
  if (!rendered.has(key)) {
    rendered.add(key);
    if (loaded) li.classList.add('arrived');
  }
  return li;
}

function ring() {
  const bell = $('bell');
  bell.classList.remove('ring');
  void bell.offsetWidth;   // restart the animation
  bell.classList.add('ring');
}

// ---- the tray: a disclosure under the bell (Escape and a click outside close it, focus goes back to the bell)

function openTray(open) {
  $('tray').hidden = !open;
  $('bell').setAttribute('aria-expanded', String(open));
}

$('bell').addEventListener('click', () => openTray($('tray').hidden));
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !$('tray').hidden) { openTray(false); $('bell').focus(); }
});
document.addEventListener('click', (e) => {
  if (!$('tray').hidden && !e.target.closest('.bell-wrap')) openTray(false);
});
$('tray-all').addEventListener('click', () => { openTray(false); $('inbox-title').setAttribute('tabindex', '-1'); $('inbox-title').focus(); });
$('tray-read-all').addEventListener('click', () => markRead(sorted().map((n) => n.notification_id)));
$('read-all').addEventListener('click', () => markRead(sorted().map((n) => n.notification_id)));
for (const b of document.querySelectorAll('[data-filter]')) {
  b.addEventListener('click', () => {
    filter = b.dataset.filter;
    for (const o of document.querySelectorAll('[data-filter]')) o.setAttribute('aria-pressed', String(o === b));
    render();
  });
}
$('send-test').addEventListener('click', async () => {
  try {
    await herald.call('notifications.test');
  } catch (e) {
    announce(`Could not send: ${e.message}`);
    notice(`Could not send a test notification: ${e.message}`);
  }
});
render();
