/** The agent's softphone, through what the agent sees: roles and labels. */
import { expect, type Locator, type Page } from '@playwright/test';

export class AgentPage {
  constructor(readonly page: Page) {}

  static async signIn(page: Page, username: string): Promise<AgentPage> {
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('ringside');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const agent = new AgentPage(page);
    await expect(page.getByTestId('link-status')).toHaveAttribute('data-status', 'open');
    return agent;
  }

  async selectLine(phoneNumberId: string) {
    await this.page.getByLabel('Line').selectOption(phoneNumberId);
  }

  callButton(name: string): Locator { return this.page.getByRole('button', { name: `Call ${name}`, exact: true }); }
  /** Selects a contact's row, which opens its pre-dial panel. */
  async selectContact(waId: string) {
    await this.page.locator(`[data-testid="contact-row"][data-wa-id="${waId}"]`).click();
    await expect(this.panel).toBeVisible();
  }
  get panel(): Locator { return this.page.getByTestId('precall-panel'); }
  get panelCall(): Locator { return this.panel.getByTestId('precall-call'); }
  get status(): Locator { return this.page.getByTestId('call-status'); }
  get outcome(): Locator { return this.page.getByTestId('call-outcome'); }
  get meter(): Locator { return this.page.getByRole('meter', { name: 'Customer audio level' }); }
  get hangUp(): Locator { return this.page.getByRole('button', { name: 'Hang up' }); }
  get incoming(): Locator { return this.page.getByRole('alertdialog', { name: 'Incoming WhatsApp call' }); }
  recentCall(callId: string): Locator { return this.page.locator(`[data-testid="recent-call-row"][data-call-id="${callId}"]`); }
  get latestRecentCall(): Locator { return this.page.getByTestId('recent-call-row').first(); }
}

/** Waits until a meter has shown sound: real audio arriving, measured by the page's own meter. */
export async function expectSound(meter: Locator) {
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 20_000, intervals: [100] }).toBeGreaterThan(2);
}
