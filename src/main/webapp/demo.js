// The demo page: connects to Herald and lists the events it receives. Minimal on purpose; a full client with
// reconnect and resume is herald.js (see the README).
const $ = (id) => document.getElementById(id);
let socket;

async function token(user) {
  const own = $('token').value.trim();
  if (own) return own;
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

async function connect() {
  if (socket) socket.close(1000);
  const form = new FormData($('connect'));
  const params = new URLSearchParams({ access_token: await token(form.get('user')) });
  if (form.get('rooms')) params.set('rooms', form.get('rooms'));
  if (form.get('types')) params.set('types', form.get('types'));
  const url = new URL(`ws?${params}`, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(url, ['herald.v1.ndjson']);
  socket.onopen = () => { $('status').textContent = 'live'; $('status').className = 'open'; };
  socket.onclose = (e) => { $('status').textContent = `closed (${e.code} ${e.reason})`; $('status').className = 'closed'; };
  socket.onmessage = (msg) => {
    for (const line of msg.data.split('\n')) {
      const frame = JSON.parse(line);
      if (frame.id) show(frame);
      else if (frame.type === 'welcome') $('status').textContent = `live as ${frame.user}@${frame.tenant}`;
    }
  };
}

$('connect').addEventListener('submit', (e) => { e.preventDefault(); connect().catch((err) => { $('status').textContent = err.message; }); });
connect().catch((err) => { $('status').textContent = err.message; $('status').className = 'closed'; });
