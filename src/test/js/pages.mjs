// Browser checks of the demo pages (src/main/webapp/pages) against a real Herald, run by PagesIT: each drives one page
// in Debian's Chromium, in two browser contexts where the behaviour is between devices or users, and asserts what the
// DOM shows. Prints one JSON line ({"ok":true,...} or {"ok":false,"error"}); exits non-zero when the page falls short.
// Usage: node pages.mjs <base url ending in /> notifications|chat|dashboard|faces [screenshot dir]
import { launch, openPage, publisher, audit } from './pages-browser.mjs';

const [base, check, shots] = process.argv.slice(2);
const WAIT = { timeout: 10000 };

function fail(message) {
  throw new Error(message);
}

/** Resolves with the attribute once `selector` matches (an element in the wanted state), else fails with what is there. */
async function expectState(page, selector, what) {
  try {
    await page.locator(selector).first().waitFor(WAIT);
  } catch {
    fail(`${what}: no ${selector} within ${WAIT.timeout} ms`);
  }
}

/** Fails with axe-core's findings when the page, as it is now, breaks a WCAG 2.1 AA rule or an axe best practice. */
async function expectAccessible(page, what) {
  const violations = await audit(page);
  if (violations.length) fail(`${what} is not accessible: ${violations.join(' | ')}`);
}

const checks = {
  /** The bell counts a published notification on two devices of one user; a read on one is a read on both. */
  async notifications(browser) {
    const user = `nora-${Date.now()}`;
    const phone = await openPage(browser, base, 'notifications', user);
    const desk = await openPage(browser, base, 'notifications', user);
    for (const p of [phone, desk]) await expectState(p, '#inbox-summary:text-is("0 unread of 0")', 'the inbox loaded empty');

    const id = `it-${Date.now()}`;
    const publish = await publisher(base);
    const started = Date.now();
    await publish({ type: 'notification', user, data: {
      notification_id: id, user_id: user, title: 'Lab results ready', message: 'Blood panel for #4471 is in.',
      type: 'INFO', status: 'UNREAD', created_at: new Date().toISOString() } });
    for (const p of [phone, desk]) {
      await expectState(p, '#bell[data-unread="1"][aria-label="Notifications, 1 unread"]', 'the bell counts the notification');
      await expectState(p, `#inbox li[data-id="${id}"][data-status="UNREAD"]`, 'the inbox lists it unread');
    }
    const shownAfterMs = Date.now() - started;
    if (await desk.locator('#bell-count').textContent() !== '1' || await desk.locator('#bell-count').isHidden()) fail('the badge does not show 1');
    await expectState(desk, '#announcer:text-is("New notification: Lab results ready")', 'the live region announces it');

    // keyboard: the bell opens the tray, Escape closes it and gives focus back to the bell
    await desk.locator('#bell').focus();
    await desk.keyboard.press('Enter');
    await expectState(desk, '#bell[aria-expanded="true"]', 'Enter on the bell opens the tray');
    if (!await desk.locator(`#tray-list li[data-id="${id}"]`).isVisible()) fail('the tray does not list the notification');
    await expectAccessible(desk, 'the notification centre with its tray open');
    if (shots) await desk.screenshot({ path: `${shots}/it-notifications.png` });
    await desk.keyboard.press('Escape');
    await expectState(desk, '#bell[aria-expanded="false"]', 'Escape closes the tray');
    if (!await desk.evaluate(() => document.activeElement?.id === 'bell')) fail('focus did not go back to the bell');

    await phone.locator(`#inbox li[data-id="${id}"] button.mark`).click();
    await expectState(desk, `#inbox li[data-id="${id}"][data-status="READ"]`, 'the other device shows the read mark');
    await expectState(desk, '#bell[data-unread="0"]', 'the other device\'s bell is back to 0');
    if (!await desk.locator('#bell-count').isHidden()) fail('the other device still shows a badge');
    await expectState(phone, '#bell[data-unread="0"]', 'the reading device\'s bell is back to 0');
    return { shownAfterMs, problems: [...phone.problems, ...desk.problems] };
  },

  /** Two users in one conversation: presence lists both, typing shows, a message arrives, the receipt comes back. */
  async chat(browser) {
    const alice = await openPage(browser, base, 'chat', 'alice', { hash: '#conv-7' });
    const bob = await openPage(browser, base, 'chat', 'bob', { hash: '#conv-7' });
    await expectState(alice, '#people li[data-user="bob"][data-online="true"]', 'alice sees bob online');
    await expectState(alice, '#people li[data-user="alice"][data-online="true"]', 'alice sees herself online');
    await expectState(bob, '#people li[data-user="alice"][data-online="true"]', 'bob sees alice online');
    await expectState(bob, '#people li[data-user="bob"][data-online="true"]', 'bob sees himself online');

    const text = `Patient in room 2 is ready (${Date.now()})`;
    await bob.locator('#text').click();
    await bob.keyboard.type(text.slice(0, 12));
    await expectState(alice, '#typing:text-is("bob is typing…")', 'alice sees bob typing');
    await bob.keyboard.type(text.slice(12));
    await bob.keyboard.press('Enter');
    const mine = bob.locator('#messages li.mine', { hasText: text });
    await mine.waitFor(WAIT);
    await expectState(alice, `#messages li.theirs[data-from="bob"]:has-text("${text}")`, 'alice receives bob\'s message');
    await expectState(alice, '#typing:empty', 'the typing indicator is gone once the message came');
    await expectState(bob, `#messages li.mine:has-text("${text}") .receipt[data-readers~="alice"]`, 'bob sees alice read it');
    if (await bob.locator('#text').inputValue() !== '') fail('the message box was not cleared');
    await expectAccessible(bob, 'the chat with messages and receipts');
    if (shots) await alice.screenshot({ path: `${shots}/it-chat.png` });
    return { problems: [...alice.problems, ...bob.problems] };
  },

  /** A published metric draws and then moves its chart; an alert and a face registration show too. */
  async dashboard(browser) {
    const page = await openPage(browser, base, 'dashboard', 'olga');
    const publish = await publisher(base);
    const metric = `it_queue_${Date.now()}`;
    const chart = `figure[data-metric="${metric}"]`;
    await publish({ type: 'metric.updated', data: { metric, value: 12, unit: 'jobs' } });
    await expectState(page, `${chart}[data-count="1"][data-last="12"]`, 'the first reading draws a chart');
    const before = await page.locator(`${chart} polyline`).getAttribute('points');
    await publish({ type: 'metric.updated', data: { metric, value: 30, unit: 'jobs' } });
    await expectState(page, `${chart}[data-count="2"][data-last="30"]`, 'the second reading is on the chart');
    const after = await page.locator(`${chart} polyline`).getAttribute('points');
    const pts = after.trim().split(/\s+/).map((p) => p.split(',').map(Number));
    if (pts.length !== 2 || after === before) fail(`the line did not move: ${before} → ${after}`);
    if (!(pts[1][1] < pts[0][1])) fail(`30 is not drawn above 12: ${after}`);
    if (await page.locator(`${chart} .chart-value`).textContent() !== '30') fail('the chart does not say 30');
    if (Number(await page.locator(`${chart} circle`).getAttribute('cy')) !== pts[1][1]) fail('the last point\'s marker is not on it');

    await publish({ type: 'alert.triggered', data: { alert_id: 'it-1', severity: 'critical', message: 'camera 9 offline', source: 'it' } });
    await expectState(page, '#alerts li[data-severity="critical"]:has-text("camera 9 offline")', 'the alert is listed');
    await expectState(page, '#announcer:text-is("Critical alert: camera 9 offline")', 'a critical alert is announced');
    await publish({ type: 'face.registered', data: { face_id: 'face-it', external_id: 'user-it', camera: 'it' } });
    await expectState(page, '#activity tr[data-type="face.registered"]:has-text("face-it")', 'the registration is in the activity');
    await expectState(page, '#kpi-faces:text-is("1")', 'the registrations total counts it');
    await expectAccessible(page, 'the dashboard with a chart, an alert and activity');
    if (shots) await page.screenshot({ path: `${shots}/it-dashboard.png` });
    return { points: after, problems: page.problems };
  },

  /**
   * The JSF page: a face.registered published over HTTP is listed at once by onmessage, and its <f:ajax> re-renders
   * the server's table and total (an ajax update of that part: the page is not reloaded); other face.* events are
   * listed but re-render nothing.
   */
  async faces(browser) {
    const page = await openPage(browser, base, 'faces', 'fiona', { file: 'faces.xhtml' });
    const TOTAL = '[id="board:total"]';
    const TABLE = '[id="board:registrations"]';
    await expectState(page, `${TABLE} .empty`, 'the board starts empty');
    const before = Number(await page.locator(TOTAL).textContent());
    await page.evaluate((table) => {
      window.itNotReloaded = true;
      document.querySelector(table).itRenderedFirst = true;
    }, TABLE);

    const publish = await publisher(base);
    const deleted = await publish({ type: 'face.deleted', data: { face_id: 'face-gone' } });
    await expectState(page, `#live li[data-id="${deleted}"][data-type="face.deleted"]`, 'onmessage lists a face.deleted');
    const face = `face-it-${Date.now()}`;
    const id = await publish({ type: 'face.registered', data: { face_id: face, external_id: 'user-it', camera: 'entrance-it' } });
    await expectState(page, `#live li[data-id="${id}"][data-type="face.registered"]:has-text("${face}")`, 'onmessage lists the registration');
    await expectState(page, `${TABLE} tr[data-id="${id}"][data-face="${face}"]:has-text("entrance-it")`, 'the f:ajax re-render shows the row');
    await expectState(page, `${TOTAL}:text-is("${before + 1}")`, 'the f:ajax re-render counts it');
    await expectState(page, '#kpi-rerenders:text-is("1")', 'one re-render: on face.registered only');
    const how = await page.evaluate((table) => ({
      notReloaded: window.itNotReloaded === true,
      replaced: document.querySelector(table).itRenderedFirst !== true,
      navigations: performance.getEntriesByType('navigation').length,
      empty: document.querySelector(`${table} .empty`) !== null,
    }), TABLE);
    if (!how.notReloaded || how.navigations !== 1) fail(`the page was reloaded: ${JSON.stringify(how)}`);
    if (!how.replaced) fail('the table was not re-rendered (still the first render\'s element)');
    if (how.empty) fail('the re-rendered table still says it waits');
    await expectState(page, '#status[data-state="open"]', 'the socket is still open after the re-render');
    await expectState(page, `#announcer:text-is("Face registered: ${face}")`, 'the live region announces it');
    await expectAccessible(page, 'the JSF board after a re-render');
    if (shots) await page.screenshot({ path: `${shots}/it-faces.png` });
    return { face, total: before + 1, problems: page.problems };
  },
};

const browser = await launch();
try {
  if (!checks[check]) fail(`no check ${check}: one of ${Object.keys(checks).join(', ')}`);
  const result = await checks[check](browser);
  if (result.problems.length) fail(`the page reported errors: ${result.problems.join(' | ')}`);
  console.log(JSON.stringify({ ok: true, check, ...result }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, check, error: String(e?.stack ?? e) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
