/**
 * Fixtures: the simulator (reset before each test), agents signed in in their own browser contexts,
 * and phones for simulated WhatsApp users, each in its own context with a fake microphone.
 */
import { test as base, type Browser } from '@playwright/test';
import { AgentPage } from './support/agent-page.ts';
import { PhonePage } from './support/phone-page.ts';
import { SimClient } from './support/sim-client.ts';

export const lines = { br: '100000000000001', sandbox: '100000000000002', us: '100000000000003' } as const;

interface Fixtures {
  /** The simulator's control API, reset to its seed before every test. */
  sim: SimClient;
  /** Signs an agent in, in a fresh browser context. */
  signInAgent: (username: string) => Promise<AgentPage>;
  /** Opens the phone page of a simulated WhatsApp user in a fresh browser context. */
  openPhone: (waId: string) => Promise<PhonePage>;
}

async function newContextPage(browser: Browser, baseURL: string | undefined, opened: Array<() => Promise<void>>) {
  const context = await browser.newContext({ baseURL, permissions: ['microphone'] });
  opened.push(() => context.close());
  return context.newPage();
}

export const test = base.extend<Fixtures>({
  // Automatic: every test starts from the seed world, whether or not it drives the simulator itself
  // (a trainer's +7 d left in place would expire Ana for the next spec).
  sim: [async ({ request, baseURL }, use) => {
    const port = Number(new URL(baseURL!).port) + 1;
    const sim = new SimClient(request, `http://127.0.0.1:${port}`);
    await sim.reset();
    await use(sim);
  }, { auto: true }],
  signInAgent: async ({ browser, baseURL }, use) => {
    const opened: Array<() => Promise<void>> = [];
    await use(async (username) => AgentPage.signIn(await newContextPage(browser, baseURL, opened), username));
    for (const close of opened) await close();
  },
  openPhone: async ({ browser, baseURL }, use) => {
    const opened: Array<() => Promise<void>> = [];
    await use(async (waId) => PhonePage.open(await newContextPage(browser, baseURL, opened), waId));
    for (const close of opened) await close();
  },
});

export { expect } from '@playwright/test';
