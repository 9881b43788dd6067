/** A simulated WhatsApp user's phone, played by the test in its own browser context. */
import { expect, type Locator, type Page } from '@playwright/test';

export class PhonePage {
  constructor(readonly page: Page) {}

  static async open(page: Page, waId: string): Promise<PhonePage> {
    await page.goto(`/phone/${waId}`);
    await expect(page.getByTestId('phone-user')).toBeVisible();
    await expect(page.getByTestId('phone-link')).toHaveAttribute('data-status', 'open');
    return new PhonePage(page);
  }

  get incoming(): Locator { return this.page.getByTestId('phone-incoming'); }
  get accept(): Locator { return this.page.getByTestId('phone-accept'); }
  get decline(): Locator { return this.page.getByTestId('phone-decline'); }
  get inCall(): Locator { return this.page.getByTestId('phone-in-call'); }
  get hangUp(): Locator { return this.page.getByTestId('phone-hang-up'); }
  get ended(): Locator { return this.page.getByTestId('phone-call-ended'); }
  get meter(): Locator { return this.page.getByRole('meter', { name: 'Business audio level' }); }
  callBusiness(name: string): Locator { return this.page.getByRole('button', { name: `Call ${name}` }); }
}
