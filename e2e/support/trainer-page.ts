/** The trainer's classroom, through what the trainer sees: roles and labels. */
import { expect, type Locator, type Page } from '@playwright/test';

export class TrainerPage {
  constructor(readonly page: Page) {}

  static async signIn(page: Page, username = 'tia.trainer'): Promise<TrainerPage> {
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('ringside');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('link-status')).toHaveAttribute('data-status', 'open');
    return new TrainerPage(page);
  }

  /** Runs a scenario and waits until the page shows its caption. */
  async runScenario(title: string) {
    await this.page.getByRole('button', { name: `Run "${title}"` }).click();
    await expect(this.page.getByTestId('scenario-caption')).toContainText(title);
  }

  async fastForward(label: '+1 h' | '+24 h' | '+7 d') {
    await this.page.getByRole('group', { name: 'Fast-forward' }).getByRole('button', { name: label }).click();
  }

  get timeline(): Locator { return this.page.getByRole('region', { name: 'Timeline' }); }
  timelineEntries(kind: string): Locator { return this.timeline.locator(`[data-testid="timeline-entry"][data-kind="${kind}"]`); }
}
