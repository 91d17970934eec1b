// What every browser check shares: Debian's Chromium through playwright-core (PLATFORM-NOTES: `npx playwright
// install` cannot download browsers here), the one JSON line a check prints for its Java IT, and Herald's HTTP API.
import { chromium } from 'playwright-core';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

/**
 * Runs check(browser) in a fresh headless Chromium and prints {"ok":true,...its result} or {"ok":false,"error"};
 * a failure also sets the exit code. The browser is closed either way.
 */
export async function runCheck(check) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
  try {
    const result = await check(browser);
    console.log(JSON.stringify({ ok: true, ...result }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e && e.stack || e) }));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

/** Herald's HTTP API at base, as a publisher of one tenant (a dev token: the deployment has the dev endpoint on). */
export async function publisherOf(base, tenant) {
  const res = await fetch(new URL(`dev/token?tenant=${encodeURIComponent(tenant)}&user=it&roles=herald-publisher`, base));
  if (!res.ok) throw new Error(`dev/token answered ${res.status}`);
  const { token } = await res.json();
  const call = async (method, path, body) => {
    const r = await fetch(new URL(path, base), {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
  return {
    /** Publishes; resolves with the event's id, rejects unless 202. */
    async publish(event) {
      const { status, body } = await call('POST', 'api/v1/events', event);
      if (status !== 202) throw new Error(`publish answered ${status}: ${JSON.stringify(body)}`);
      return body.id;
    },
    /** Closes the user's sessions with 4401 (revocation); resolves with how many. */
    async revoke(user) {
      const { status, body } = await call('DELETE', `api/v1/sessions?user=${encodeURIComponent(user)}`);
      if (status !== 200) throw new Error(`revocation answered ${status}: ${JSON.stringify(body)}`);
      return body.closed;
    },
  };
}
