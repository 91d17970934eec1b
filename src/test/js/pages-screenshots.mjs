// Makes the README's screenshots of the demo pages (docs/pages-*.png) against a running Herald with the dev
// configuration and the demo feed (the README's run command). Everything on them is real: the feed's traffic, plus
// notifications this script publishes over the HTTP API and chat messages it types into two users' pages.
// Usage: node pages-screenshots.mjs <base url ending in /> <output dir> [faces]   (about 90 s: the charts fill for a
// minute; with `faces`, only the JSF page's, about 15 s)
import { launch, openPage, publisher } from './pages-browser.mjs';

const [base, out, only] = process.argv.slice(2);
const VIEWPORT = { width: 1280, height: 800 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The JSF page: registrations from "the cameras" over the HTTP API, one face deleted; the table re-rendered. */
async function faces(browser) {
  const page = await openPage(browser, base, 'faces', 'alice', { file: 'faces.xhtml', viewport: VIEWPORT });
  const publish = await publisher(base);
  const cameras = ['entrance-1', 'entrance-2', 'lobby', 'entrance-1', 'pharmacy', 'lobby'];
  for (const [i, camera] of cameras.entries()) {
    await publish({ type: 'face.registered', data: { face_id: `face-${4200 + i * 7}`, external_id: `patient-${881 + i * 13}`, camera } });
    await sleep(450);
    if (i === 3) await publish({ type: 'face.deleted', data: { face_id: 'face-4207' } });
  }
  // the last one's row (the feed may have registered more meanwhile)
  await page.locator(`[id="board:registrations"] tr[data-face="face-${4200 + (cameras.length - 1) * 7}"]`).waitFor({ timeout: 10000 });
  await sleep(2600);                                   // past the arrival highlight
  await page.screenshot({ path: `${out}/pages-faces.png` });
  return [page];
}

const browser = await launch();
try {
  if (only === 'faces') {
    const problems = (await faces(browser)).flatMap((p) => p.problems);
    if (problems.length) throw new Error(problems.join(' | '));
    console.log(JSON.stringify({ ok: true, out }));
    process.exit(0);
  }
  const started = Date.now();
  const dashboard = await openPage(browser, base, 'dashboard', 'alice', { viewport: VIEWPORT });   // fills while we go on
  const publish = await publisher(base);

  // Notification centre: five notifications from "other systems", two read on another device, the tray open.
  const notes = await openPage(browser, base, 'notifications', 'alice', { viewport: VIEWPORT });
  const phone = await openPage(browser, base, 'notifications', 'alice', { viewport: { width: 420, height: 800 } });
  const sent = [
    ['Verification failed', 'Face verification failed 3 times at the front desk.', 'WARNING'],
    ['New appointment', 'Mrs. Souza booked Thursday 15:00 with Dr. Lima.', 'INFO'],
    ['Report ready', 'Your weekly verification report is ready to download.', 'SUCCESS'],
    ['Lab results in', 'Blood panel for patient #4471 is attached to the record.', 'INFO'],
    ['Camera 3 back online', 'The entrance camera reconnected after 4 minutes.', 'SUCCESS'],
  ];
  for (const [i, [title, message, type]] of sent.entries()) {
    await publish({ type: 'notification', user: 'alice', data: {
      notification_id: `shot-${started}-${i}`, user_id: 'alice', title, message, type, status: 'UNREAD',
      created_at: new Date(Date.now() - (sent.length - i) * 60_000).toISOString() } });
  }
  for (const i of [0, 1]) {
    const mark = phone.locator(`#inbox li[data-id="shot-${started}-${i}"] button.mark`);
    await mark.waitFor({ timeout: 10000 });
    await mark.click();
  }
  await notes.locator(`#inbox li[data-id="shot-${started}-1"][data-status="READ"]`).waitFor({ timeout: 10000 });
  await notes.locator('#bell').click();
  await sleep(2600);                                   // past the arrival highlight
  await notes.screenshot({ path: `${out}/pages-notifications.png` });

  // Clinic chat: alice and bob in the front desk conversation; bob starts typing again at the end.
  const alice = await openPage(browser, base, 'chat', 'alice', { hash: '#conv-7', viewport: VIEWPORT });
  const bob = await openPage(browser, base, 'chat', 'bob', { hash: '#conv-7', viewport: VIEWPORT });
  const say = async (page, text) => {
    await page.locator('#text').fill(text);
    await page.locator('#text').press('Enter');
    await page.locator('#messages li.mine', { hasText: text }).waitFor({ timeout: 10000 });
    await sleep(700);
  };
  await say(bob, 'Mrs. Souza is asking whether Dr. Lima is running late.');
  await say(alice, 'About 10 minutes. I will let her know.');
  await say(bob, 'Thanks! Room 2 is ready for her.');
  await say(alice, 'Sending her in now.');
  await bob.locator('#text').pressSequentially('Could you also check', { delay: 40 });
  await alice.locator('#typing:text-is("bob is typing…")').waitFor({ timeout: 10000 });
  await alice.screenshot({ path: `${out}/pages-chat.png` });

  // Operations: a minute of the feed's metrics, alerts, faces and verifications.
  const wait = 65_000 - (Date.now() - started);
  if (wait > 0) await sleep(wait);
  await dashboard.screenshot({ path: `${out}/pages-dashboard.png` });

  const jsf = await faces(browser);
  const problems = [dashboard, notes, phone, alice, bob, ...jsf].flatMap((p) => p.problems);
  if (problems.length) throw new Error(problems.join(' | '));
  console.log(JSON.stringify({ ok: true, out }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e?.stack ?? e) }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
