/** The agent's desk beyond the call: her status, the queue, after-call work, the history, the caller context. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

export class DeskPage {
  constructor(readonly page: Page) {}

  get state(): Locator { return this.page.getByTestId('agent-status'); }
  get stateText(): Locator { return this.page.getByTestId('agent-state'); }
  get queue(): Locator { return this.page.getByTestId('queue-count'); }
  get readyNow(): Locator { return this.page.getByRole('button', { name: 'Ready now' }); }
  get extend(): Locator { return this.page.getByRole('button', { name: /^Extend/ }); }
  get afterCall(): Locator { return this.page.getByTestId('after-call'); }
  get callerContext(): Locator { return this.page.getByTestId('caller-context'); }
  historyRow(callId: string): Locator { return this.page.locator(`[data-testid="recent-call-row"][data-call-id="${callId}"]`); }

  /** Available, or "away:lunch" and the like. */
  async setStatus(value: 'available' | `away:${'break' | 'lunch' | 'training' | 'other'}`) {
    await this.page.getByLabel('Availability').selectOption(value);
  }

  async saveWrapUp(disposition: string, notes: string) {
    await this.afterCall.getByLabel('Disposition').selectOption(disposition);
    await this.afterCall.getByLabel('Notes').fill(notes);
    await this.afterCall.getByRole('button', { name: 'Save' }).click();
    await expect(this.afterCall.getByTestId('after-call-saved')).toContainText(disposition);
  }
}

/** Axe's serious and critical violations on the page as it is now (none expected). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** How far the page scrolls sideways: 0 when it fits the viewport. */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
