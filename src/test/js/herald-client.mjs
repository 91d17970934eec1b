// herald.js in Debian's Chromium against a real Herald, over one transport (issue 25, acceptance 1-3):
//   websocket: the page as it is; sse: WebSocket blocked by an init script; poll: WebSocket and EventSource blocked.
// The page (herald-it.html) must open over that transport and say so, get an event published over HTTP within 1 s,
// join a room through the client, then survive a revocation of its user's sessions (4401: its tokenProvider is held
// meanwhile): reconnecting, then open again over the same transport, the room rejoined, and the events published
// while it was away shown exactly once, in order, before the next live one. Prints one JSON line.
// Usage: node herald-client.mjs <base url ending in /> <websocket|sse|poll> <tenant>
import { runCheck, publisherOf } from './browser.mjs';

const [base, mode, tenant] = process.argv.slice(2);
const user = `u-${mode}`;
const BLOCKS = {
  websocket: [],
  sse: ['WebSocket'],
  poll: ['WebSocket', 'EventSource'],
};
if (!BLOCKS[mode]) throw new Error(`unknown mode ${mode}`);

await runCheck(async (browser) => {
  const api = await publisherOf(base, tenant);
  const page = await browser.newPage();
  const log = [];
  page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  for (const name of BLOCKS[mode]) {
    await page.addInitScript((n) => {
      window[n] = function Blocked() { throw new Error(`${n} blocked by the test`); };
    }, name);
  }
  const fail = (what) => {
    const seen = statuses.map((s) => `${s.state}/${s.transport}${s.code ? `/${s.code}` : ''}`);
    throw new Error(`${what}; statuses (${seen.length}) ${seen.slice(0, 4).join(' ')} … ${seen.slice(-4).join(' ')}; console ${JSON.stringify(log.slice(-3))}`);
  };
  let statuses = [];
  const read = async () => { statuses = await page.evaluate(() => window.it.statuses); return statuses; };
  const opens = async (n, ms) => {
    try {
      await page.waitForFunction((k) => window.it && window.it.statuses.filter((s) => s.state === 'open').length >= k, n, { timeout: ms });
    } catch {
      await read();
      fail(`not open ${n} time(s) within ${ms} ms`);
    }
  };
  const received = (id, ms) => page.waitForFunction((i) => window.it.events.some((e) => e.id === i), id, { timeout: ms })
    .catch(async () => { await read(); fail(`event ${id} not shown within ${ms} ms`); });

  await page.goto(new URL(`herald-it.html?tenant=${encodeURIComponent(tenant)}&user=${user}`, base).href);
  await opens(1, 20000);
  await read();
  const opened = statuses.find((s) => s.state === 'open');
  if (opened.transport !== mode) fail(`open over ${opened.transport}, expected ${mode}`);

  // acceptance 1: an event published over HTTP reaches the page within 1 s, timed from before the POST; after a
  // first one, so that what is timed is the path, not the server's first request to its publish resource
  await received(await api.publish({ type: 'it.warm', user }), 10000);
  const sent = Date.now();
  const live = await api.publish({ type: 'it.live', user, data: { n: 0 } });
  const publishMs = Date.now() - sent;
  await received(live, 5000);
  const liveAt = (await page.evaluate((i) => window.it.events.find((e) => e.id === i).at, live));
  const latencyMs = liveAt - sent;
  if (latencyMs > 1000) fail(`the event took ${latencyMs} ms`);

  // a room joined through the client (an action: over the socket, or over HTTP for sse and poll)
  const room = `room-${mode}`;
  const reply = await page.evaluate((r) => window.it.h.join(r), room);
  if (!reply.rooms.includes(room)) fail(`join answered ${JSON.stringify(reply)}`);
  const ids = [await api.publish({ type: 'it.room', room, data: { n: 1 } })];
  await received(ids[0], 5000);

  // acceptance 2 (and 3 for sse and poll): revoked while events go on
  await page.evaluate(() => window.it.hold());
  const providerCallsBefore = await page.evaluate(() => window.it.providerCalls);
  const closed = await api.revoke(user);
  if (closed < 1) fail(`revocation closed ${closed} sessions`);
  await page.waitForFunction((k) => window.it.providerCalls > k, providerCallsBefore, { timeout: 10000 })
    .catch(async () => { await read(); fail('the client did not ask its tokenProvider after 4401'); });
  for (let n = 2; n <= 4; n++) ids.push(await api.publish({ type: 'it.room', room, data: { n } }));
  await page.evaluate(() => window.it.release());
  await opens(2, 20000);
  for (const id of ids) await received(id, 5000);
  ids.push(await api.publish({ type: 'it.room', room, data: { n: 5 } }));
  await received(ids.at(-1), 5000);

  await read();
  const shown = (await page.evaluate(() => window.it.events)).filter((e) => e.room === room).map((e) => e.id);
  if (JSON.stringify(shown) !== JSON.stringify(ids)) fail(`room events shown ${JSON.stringify(shown)}, published ${JSON.stringify(ids)}`);
  const states = statuses.map((s) => s.state);
  const firstOpen = states.indexOf('open');
  const reconnecting = states.indexOf('reconnecting', firstOpen);
  if (reconnecting < 0 || states.indexOf('open', reconnecting) < 0) fail(`states ${states.join(' > ')}`);
  const reconnect = statuses[reconnecting];
  if (reconnect.code !== 4401) fail(`reconnecting after code ${reconnect.code}, expected 4401`);
  const transports = [...new Set(statuses.filter((s) => s.state === 'open').map((s) => s.transport))];
  if (transports.join() !== mode) fail(`open over ${transports.join()}`);
  const rooms = await page.evaluate(() => window.it.h.rooms);
  if (!rooms.includes(room)) fail(`rooms after the reconnect: ${rooms}`);
  return { mode, latencyMs, publishMs, states, transports, events: shown.length, reconnectedInMs: statuses.at(-1).at - reconnect.at };
});
