/** The supervisor's floor, through what the supervisor sees: regions, roles and labels. */
import { expect, type Browser, type Locator, type Page } from '@playwright/test';

/** Counts getUserMedia calls in the page (the browser's API, wrapped before any script runs). */
const countMicRequests = () => {
  const w = window as unknown as { micRequests: number };
  w.micRequests = 0;
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints) => {
    w.micRequests += 1;
    return original(constraints);
  };
};

export class SupervisorPage {
  constructor(readonly page: Page) {}

  /** Signs in at `/` (or `path`) in a fresh context; the page counts its microphone requests. */
  static async signIn(browser: Browser, baseURL: string, username = 'sam.supervisor', path = '/'): Promise<SupervisorPage> {
    const context = await browser.newContext({ baseURL, permissions: ['microphone'] });
    const page = await context.newPage();
    await page.addInitScript(countMicRequests);
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('ringside');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('link-status')).toHaveAttribute('data-status', 'open');
    if (path !== '/') {
      await page.goto(path);
      await expect(page.getByTestId('link-status')).toHaveAttribute('data-status', 'open');
    }
    return new SupervisorPage(page);
  }

  get liveCalls(): Locator { return this.page.getByRole('region', { name: 'Live calls' }); }
  get agents(): Locator { return this.page.getByRole('region', { name: 'Agents' }); }
  get today(): Locator { return this.page.getByRole('region', { name: 'Today' }); }
  get risks(): Locator { return this.page.getByRole('region', { name: 'Consent and quota risk' }); }
  get monitor(): Locator { return this.page.getByTestId('monitor-panel'); }
  get heard(): Locator { return this.page.getByRole('meter', { name: 'Call audio you hear' }); }
  callRow(callId: string): Locator { return this.liveCalls.locator(`[data-testid="live-call-row"][data-call-id="${callId}"]`); }
  rowOf(contactName: string): Locator { return this.liveCalls.getByTestId('live-call-row').filter({ hasText: contactName }); }
  mode(name: 'Listen' | 'Whisper' | 'Barge' | 'Stop'): Locator { return this.monitor.getByRole('button', { name, exact: true }); }
  micRequests(): Promise<number> { return this.page.evaluate(() => (window as unknown as { micRequests: number }).micRequests); }
  close() { return this.page.context().close(); }
}

/** The loudest a meter reads over `ms` (sampled every 100 ms): to show that something stays silent. */
export async function loudestOver(meter: Locator, ms: number): Promise<number> {
  return meter.evaluate(async (el, window) => {
    let max = 0;
    const until = performance.now() + window;
    while (performance.now() < until) {
      max = Math.max(max, Number(el.getAttribute('aria-valuenow')));
      await new Promise((r) => setTimeout(r, 100));
    }
    return max;
  }, ms);
}

/**
 * Waits until a meter shows sound. Like `expectSound`, with room for a browser-to-browser leg to
 * connect on a busy machine (two offers gathered without trickle, relayed through the server).
 */
export async function expectHeard(meter: Locator) {
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 40_000, intervals: [100] }).toBeGreaterThan(2);
}
