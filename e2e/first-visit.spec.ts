import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Every console error and every failed request the page makes, from now on. */
function watchFailures(page: Page) {
  const failures: string[] = [];
  page.on('console', (m) => m.type() === 'error' && failures.push(`console: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && failures.push(`${r.status()} ${r.request().method()} ${r.url()}`));
  page.on('requestfailed', (r) => failures.push(`failed ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  return failures;
}

test('a first visit shows sign-in without a failed request or console error; the softphone comes as a chunk of its own', async ({ page }) => {
  const failures = watchFailures(page);
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));

  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(failures).toEqual([]);

  await page.getByLabel('Username').fill('ana.agent');
  await page.getByLabel('Password').fill('ringside');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('link-status')).toHaveAttribute('data-status', 'open');
  expect(failures).toEqual([]);
  // The entry is the shell and sign-in; the softphone is a chunk of its own.
  expect(scripts.filter((s) => /\/assets\/softphone-page-[\w-]+\.js$/.test(s))).toHaveLength(1);
  expect(scripts.findIndex((s) => s.includes('softphone-page'))).toBeGreaterThan(scripts.findIndex((s) => /\/assets\/index-[\w-]+\.js$/.test(s)));
});
