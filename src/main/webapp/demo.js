// The demo page: connects to Herald through herald.js and lists the events it receives, with the connection's
// status (reconnects, resume and fallbacks are herald.js's).
import { Herald } from './herald.js';

const $ = (id) => document.getElementById(id);
const list = (value) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
let herald;

async function devToken(user) {
  const res = await fetch(`dev/token?tenant=demo&user=${encodeURIComponent(user)}`);
  if (!res.ok) throw new Error('no dev token endpoint (herald.dev.enabled is off): paste a token');
  $('devnote').textContent = 'DEV MODE: token minted by /dev/token with the dev key pair. Never use it in production.';
  return (await res.json()).token;
}

function show(event) {
  const row = document.createElement('tr');
  for (const v of [new Date(event.timestamp).toLocaleTimeString(), event.type, event.id, event.room ?? '', JSON.stringify(event.data)]) {
    const cell = document.createElement('td');
    cell.textContent = v;
    row.appendChild(cell);
  }
  row.lastChild.className = 'data';
  $('events').prepend(row);
  while ($('events').rows.length > 200) $('events').deleteRow(-1);
}

function showStatus(s) {
  const who = herald?.session ? ` as ${herald.session.user}@${herald.session.tenant}` : '';
  const text = {
    open: `live${who} (${s.transport})`,
    connecting: `connecting (${s.transport})…`,
    reconnecting: `reconnecting (${s.transport}) in ${Math.round((s.retryInMs ?? 0) / 100) / 10} s${s.code ? `, after ${s.code}` : ''}`,
    offline: 'offline: waiting for the network',
    closed: `closed${s.code ? ` (${s.code} ${s.reason ?? ''})` : ''}`,
  }[s.state];
  $('status').textContent = text;
  $('status').className = s.state;
}

function connect() {
  herald?.close();
  const form = new FormData($('connect'));
  const own = $('token').value.trim();
  const user = form.get('user');
  herald = Herald.connect(undefined, {
    ...(own ? { token: own } : { tokenProvider: () => devToken(user).catch((e) => { $('devnote').textContent = e.message; return null; }) }),
    rooms: list(form.get('rooms')),
    types: list(form.get('types')),
  });
  herald.onStatus(showStatus);
  herald.on('*', (frame) => { if (frame.id) show(frame); });
}

$('connect').addEventListener('submit', (e) => { e.preventDefault(); connect(); });
connect();
