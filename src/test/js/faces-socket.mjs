// <herald:socket> in a JSF page of an application that embeds Herald (issue 25, acceptance 4), in Debian's Chromium.
// Without the application's login the page's socket never opens (the upgrade is 401: EmbeddedFacesIT checks the
// status itself). Logged in (the application's POST /login, no token anywhere), the page opens, shows the events of
// its user's tenant through onmessage, and each face.registered event runs the nested <f:ajax>: its listener counts
// on the server and the re-rendered form (the socket's script with it, which keeps its one connection) shows that
// server-side value.
// Usage: node faces-socket.mjs <base url ending in /> <user> <password> <the user's tenant>
import { runCheck, publisherOf } from './browser.mjs';

const [base, user, password, tenant] = process.argv.slice(2);
const page = new URL('socket.xhtml', base).href;
const COUNT = '[id="f:count"]';

await runCheck(async (browser) => {
  const api = await publisherOf(base, tenant);
  const log = [];
  const watch = (p) => {
    p.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
    p.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  };
  const states = (p) => p.evaluate(() => window.it.statuses.map((s) => `${s.state}/${s.transport}`).join(' '));
  const until = async (p, what, fn, arg, ms = 15000) => {
    try {
      await p.waitForFunction(fn, arg, { timeout: ms });
    } catch {
      throw new Error(`${what} within ${ms} ms; statuses ${await states(p)}; console ${JSON.stringify(log.slice(-4))}`);
    }
  };

  // no login: the same page renders, its socket never opens
  const anonymous = await browser.newContext();
  const a = await anonymous.newPage();
  watch(a);
  await a.goto(page);
  await until(a, 'no give-up after the refused upgrade', () => window.it.statuses.some((s) => ['reconnecting', 'closed', 'offline'].includes(s.state)));
  const anonymousStates = await states(a);
  if (anonymousStates.includes('open/')) throw new Error(`opened without a login: ${anonymousStates}`);
  await anonymous.close();

  // the application's own login, then the page: open with the session alone
  const context = await browser.newContext();
  const login = await context.request.post(new URL('login', base).href, { form: { user, password } });
  if (login.status() !== 204) throw new Error(`login answered ${login.status()}`);
  const p = await context.newPage();
  watch(p);
  await p.goto(page);
  const shownUser = (await p.textContent('#user')).trim();
  if (shownUser !== user) throw new Error(`the page's principal is ${shownUser}, expected ${user}`);
  await until(p, 'not open', () => window.it.statuses.some((s) => s.state === 'open'));
  const session = await p.evaluate(() => document.getElementById('f:push').herald.session);
  if (session.user !== user || session.tenant !== tenant) throw new Error(`welcome ${JSON.stringify(session)}`);
  const before = Number((await p.textContent(COUNT)).trim());

  const first = await api.publish({ type: 'face.registered', data: { face: 1 } });
  await until(p, `no re-render to ${before + 1} after face.registered`, (n) => document.getElementById('f:count').textContent.trim() === String(n), before + 1);
  const other = await api.publish({ type: 'face.updated', data: { face: 1 } });
  const second = await api.publish({ type: 'face.registered', data: { face: 2 } });
  await until(p, `no re-render to ${before + 2} after a second face.registered`, (n) => document.getElementById('f:count').textContent.trim() === String(n), before + 2);
  await until(p, 'the events not all shown by onmessage', (ids) => ids.every((i) => window.it.frames.some((f) => f.id === i)), [first, other, second]);
  // the f:ajax re-renders the whole form, the socket's script with it: still the one connection, each event once
  const opened = await states(p);
  if (opened.split(' ').filter((x) => x.startsWith('open/')).length !== 1) throw new Error(`not one connection: ${opened}`);
  const shown = await p.evaluate(() => window.it.frames.filter((f) => f.id).map((f) => f.id));
  if (shown.length !== new Set(shown).size) throw new Error(`an event shown twice: ${shown}`);
  return { user, tenant, anonymous: anonymousStates, opened, count: Number((await p.textContent(COUNT)).trim()) - before };
});
