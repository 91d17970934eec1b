// The clinic chat (seed 002's Socket.IO chat): conversations are rooms (conv-7, …). Messages are sent with the
// `chat.send` call and arrive as `message:new` events (stored, replayed after a reconnect); typing
// (`conversation:typing`) and read receipts (`message:read`) are client events (`emit`); who is online is the rooms'
// presence (the join reply, `presence` frames, and GET /api/v1/rooms/{room}/presence after a reconnect).
import { connect, userOr, pageAs, announce, notice, api, el, time, colourOf } from './session.js';

const TYPING_EVERY_MS = 3000;   // while typing, tell the room again this often (the others forget after TYPING_TTL_MS)
const TYPING_IDLE_MS = 4000;    // no key this long: tell the room typing stopped
const TYPING_TTL_MS = 7000;     // a typing indicator nobody renewed disappears (its "stopped" may have been lost)
const $ = (id) => document.getElementById(id);

const me = userOr('alice');
/** room → {room, title, participants, status, messages: [...], ids: Set, read: {user: message_id}, unread, members: Map user→devices, typing: Map user→expiry} */
const convs = new Map();
let current = null;

const herald = connect(me, { types: ['message:*', 'conversation:*'] });

herald.on('message:new', (e) => {
  const c = convs.get(e.room);
  if (!c || !e.data?.message_id) return;
  if (!add(c, e.data)) return;
  c.typing.delete(e.data.from);
  if (e.data.from !== me) {
    if (c === current && document.visibilityState === 'visible') markSeen(c);
    else {
      c.unread += 1;
      announce(`New message in ${c.title} from ${e.data.from}`);
    }
  }
  render();
});

herald.on('message:read', (e) => {
  const c = convs.get(e.room);
  const by = e.user ?? e.data?.by;             // a client event carries its sender; the feed's event says who in data
  const id = e.data?.message_id;
  if (!c || !by || typeof id !== 'string') return;
  if (index(c, id) >= index(c, c.read[by])) c.read[by] = id;
  if (by === me && c.ids.has(id)) c.unread = 0;  // read on another device of mine
  render();
});

herald.on('conversation:typing', (e) => {
  const c = convs.get(e.room);
  if (!c || !e.user || e.user === me) return;
  if (e.data?.typing) c.typing.set(e.user, Date.now() + TYPING_TTL_MS);
  else c.typing.delete(e.user);
  renderTyping();
});

herald.on('conversation:updated', (e) => {
  const c = convs.get(e.room);
  if (c && e.data?.status) { c.status = e.data.status; render(); }
});

herald.on('presence', (f) => {
  const c = convs.get(f.room);
  if (!c) return;
  if (c.loading) c.loading.push(f);
  else applyPresence(c, f);
  render();
});

let opened = 0;
herald.onStatus((s) => {
  if (s.state !== 'open') return;
  if (opened++ === 0) start();
  else refresh();              // after a reconnect: messages come again by resume; who is here may have changed
});
herald.onReset(() => refresh());

/** First connect: join every conversation (its reply lists who is in it), then load their messages. */
async function start() {
  let list;
  try {
    list = await herald.call('chat.conversations');
  } catch (e) {
    notice(e.code === 'not_found' ? 'The clinic chat needs the demo (herald.demo.enabled): start Herald with the README\'s run command.'
      : `Could not load the conversations: ${e.message}`);
    return;
  }
  for (const v of list) {
    convs.set(v.room, { ...v, messages: [], ids: new Set(), read: {}, unread: 0, members: new Map(), typing: new Map(), loading: null });
  }
  await Promise.all(list.map(async (v) => {
    const c = convs.get(v.room);
    try {
      const reply = await herald.join(v.room);
      for (const m of reply.members ?? []) c.members.set(m.user, m.devices);
    } catch (e) {
      notice(`Could not join ${v.title}: ${e.message}`);
    }
  }));
  await refresh({ presence: false });
  select(location.hash.slice(1));
}

/** Loads every conversation again (messages, receipts, status) and, after a reconnect, who is in each room. */
async function refresh({ presence = true } = {}) {
  if (!convs.size) return start();
  try {
    for (const v of await herald.call('chat.conversations')) {
      const c = convs.get(v.room);
      if (!c) continue;
      c.status = v.status;
      for (const m of v.messages) add(c, m);
      for (const [user, id] of Object.entries(v.read ?? {})) if (index(c, id) >= index(c, c.read[user])) c.read[user] = id;
    }
  } catch (e) {
    notice(`Could not load the conversations: ${e.message}`);
  }
  if (presence) await Promise.all([...convs.values()].map(loadPresence));
  render();
}

/** The room's members over HTTP; presence frames that arrive meanwhile are applied after it, in order. */
async function loadPresence(c) {
  c.loading = [];
  try {
    const { members } = await api(`api/v1/rooms/${encodeURIComponent(c.room)}/presence`);
    c.members = new Map(members.map((m) => [m.user, m.devices]));
  } catch {
    // keep what the frames said
  }
  const later = c.loading;
  c.loading = null;
  for (const f of later) applyPresence(c, f);
}

function applyPresence(c, f) {
  if (f.state === 'join') c.members.set(f.user, Math.max(1, c.members.get(f.user) ?? 0));
  else if (f.state === 'leave') c.members.delete(f.user);
}

/** Adds a message once, in order of arrival; @returns false for one already there. */
function add(c, m) {
  if (c.ids.has(m.message_id)) return false;
  c.ids.add(m.message_id);
  c.messages.push(m);
  return true;
}

function index(c, id) {
  return id ? c.messages.findIndex((m) => m.message_id === id) : -1;
}

/** Tells the room this user has read it up to its last message from someone else (a read receipt). */
function markSeen(c) {
  c.unread = 0;
  const last = [...c.messages].reverse().find((m) => m.from !== me);
  if (!last || index(c, c.read[me]) >= index(c, last.message_id)) return;
  c.read[me] = last.message_id;
  herald.emit(c.room, 'message:read', { message_id: last.message_id }).catch(() => { /* rate-limited: the next one says it */ });
}

function select(room) {
  const c = convs.get(room) ?? convs.values().next().value;
  if (!c) return;
  if (current && current !== c) stopTyping();
  current = c;
  if (location.hash !== `#${c.room}`) history.replaceState(null, '', `#${c.room}`);
  $('text-label').textContent = `Message to ${c.title}`;
  $('text').disabled = $('send').disabled = false;   // disabled until there is a conversation to write to
  markSeen(c);
  render({ scroll: true });
}

window.addEventListener('hashchange', () => select(location.hash.slice(1)));
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && current) { markSeen(current); render(); }
});

// ---- sending and typing

let typingSent = 0;
let idleTimer = null;

function typing() {
  if (!current) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  if (Date.now() - typingSent < TYPING_EVERY_MS) return;
  typingSent = Date.now();
  herald.emit(current.room, 'conversation:typing', { typing: true }).catch(() => {});
}

function stopTyping() {
  clearTimeout(idleTimer);
  if (!typingSent || !current) return;
  typingSent = 0;
  herald.emit(current.room, 'conversation:typing', { typing: false }).catch(() => {});
}

$('text').addEventListener('input', () => { if ($('text').value.trim()) typing(); else stopTyping(); });
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('composer').requestSubmit(); }
});
$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text || !current) return;
  const c = current;
  stopTyping();
  $('text').value = '';
  try {
    const m = await herald.call('chat.send', { room: c.room, text });
    add(c, m);
    render({ scroll: true });
  } catch (err) {
    $('text').value = text;
    announce(`Not sent: ${err.message}`);
    notice(`Your message was not sent: ${err.message}`);
  }
});

setInterval(() => {               // forget typing indicators whose "stopped" never came
  const now = Date.now();
  let changed = false;
  for (const c of convs.values()) for (const [u, until] of c.typing) if (until < now) { c.typing.delete(u); changed = true; }
  if (changed) renderTyping();
}, 1000);

// ---- rendering

function render({ scroll = false } = {}) {
  renderList();
  if (!current) return;
  $('thread-title').textContent = current.title;
  const chip = $('thread-status');
  chip.hidden = !current.status;
  chip.textContent = current.status;
  chip.className = `chip ${{ open: 'chip-ok', waiting: 'chip-warn', closed: 'chip-muted' }[current.status] ?? 'chip-muted'}`;
  renderMessages(scroll);
  renderTyping();
  renderPeople();
}

function renderList() {
  $('conv-list').replaceChildren(...[...convs.values()].map((c) => {
    const last = c.messages.at(-1);
    const badge = el('span', { className: 'unread-count', hidden: c.unread === 0 }, String(c.unread),
      el('span', { className: 'sr-only' }, ' unread'));
    return el('li', {},
      el('a', { href: `#${c.room}`, 'aria-current': c === current ? 'true' : null, dataset: { room: c.room } },
        el('span', { className: 'conv-title' }, c.title), badge,
        el('span', { className: 'conv-last' }, c.typing.size ? 'typing…' : last ? `${last.from}: ${last.text}` : 'No messages yet')));
  }));
}

let shownRoom = null;

function renderMessages(scroll) {
  const c = current;
  const box = $('messages');
  const scroller = $('log');
  const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  if (shownRoom !== c.room) { shownRoom = c.room; box.replaceChildren(); scroll = true; }
  const others = [...c.participants, ...c.members.keys()].filter((u, i, a) => u !== me && a.indexOf(u) === i);
  const shown = new Map([...box.children].map((li) => [li.dataset.id, li]));
  c.messages.forEach((m, i) => {
    const mine = m.from === me;
    const li = shown.get(m.message_id) ?? box.appendChild(message(m, mine));  // only additions: the log announces them
    if (mine) receipt(li.querySelector('.receipt'), others.filter((u) => index(c, c.read[u]) >= i));
  });
  if (scroll || nearBottom) scroller.scrollTop = scroller.scrollHeight;
}

function message(m, mine) {
  return el('li', { className: `msg ${mine ? 'mine' : 'theirs'}`, dataset: { id: m.message_id, from: m.from } },
    el('div', { className: 'bubble' },
      mine ? el('p', { className: 'sr-only' }, 'You:') : el('p', { className: 'msg-from' }, m.from),
      el('p', { className: 'msg-text' }, m.text)),
    el('p', { className: 'msg-meta' }, time(m.sent_at, { seconds: false }), mine ? el('span', { className: 'receipt' }) : null));
}

/** A message of mine says who has read it, in place (a change of an existing item, not an addition to the log). */
function receipt(span, readers) {
  const text = readers.length ? `✓✓ Read by ${readers.join(', ')}` : '✓ Sent';
  if (span.textContent === text) return;
  span.textContent = text;
  span.className = readers.length ? 'receipt receipt-read' : 'receipt';
  span.dataset.readers = readers.join(',');
}

function renderTyping() {
  const c = current;
  const who = c ? [...c.typing.keys()] : [];
  $('typing').textContent = !who.length ? '' : who.length === 1 ? `${who[0]} is typing…` : `${who.join(' and ')} are typing…`;
  renderList();
}

function renderPeople() {
  const c = current;
  const everyone = [me, ...c.participants, ...c.members.keys()].filter((u, i, a) => a.indexOf(u) === i);
  everyone.sort((a, b) => (c.members.has(b) - c.members.has(a)) || (a === me ? -1 : b === me ? 1 : a.localeCompare(b)));
  $('online-count').textContent = `${c.members.size} online`;
  $('people').replaceChildren(...everyone.map((u) => {
    const devices = c.members.get(u) ?? 0;
    const online = c.members.has(u);
    return el('li', { dataset: { user: u, online: String(online) } },
      el('span', { className: 'avatar', style: `background:${colourOf(u)}`, 'aria-hidden': 'true' }, u.slice(0, 1).toUpperCase()),
      el('span', { className: 'person-name' }, u, u === me ? ' (you)' : ''),
      el('span', { className: 'person-state' }, online ? (devices > 1 ? `online · ${devices} devices` : 'online') : 'offline'),
      u === me ? null : el('a', { className: 'open-as', href: pageAs(u) + `#${c.room}`, target: '_blank', rel: 'noopener' },
        `Open as ${u}`, el('span', { className: 'sr-only' }, ' (new window)')));
  }));
}
