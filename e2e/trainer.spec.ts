import AxeBuilder from '@axe-core/playwright';
import type { Browser } from '@playwright/test';
import { expect, lines, test } from './fixtures.ts';
import { TrainerPage } from './support/trainer-page.ts';

const helena = { waId: '5571981234567', name: 'Helena Dias' }; // permanent, 3 unanswered in a row
const ana = { waId: '5511912345678', name: 'Ana Souza' }; // temporary, granted a day ago

// Three signed-in pages and a call on a shared, busy machine: more than the default minute.
test.describe.configure({ timeout: 150_000 });

async function openTrainer(browser: Browser, baseURL: string | undefined) {
  const context = await browser.newContext({ baseURL, permissions: ['microphone'] });
  return { trainer: await TrainerPage.signIn(await context.newPage()), close: () => context.close() };
}

test('the trainer runs "Four unanswered calls revoke permission": the agent sees the streak reach 4 and the revoke, the Timeline explains it', async ({ signInAgent, browser, baseURL }) => {
  const { trainer, close } = await openTrainer(browser, baseURL);
  const agent = await signInAgent('ana.agent');
  await agent.selectLine(lines.br);

  await trainer.runScenario('Four unanswered calls revoke permission');
  await expect(trainer.page.getByTestId('scenario-caption')).toContainText('Watch her streak');
  await expect(trainer.timelineEntries('scenario')).toHaveCount(1);

  await agent.selectContact(helena.waId);
  await expect(agent.panel.getByTestId('streak')).toContainText('3 unanswered in a row');
  await agent.panelCall.click();
  await agent.page.getByRole('dialog', { name: 'Call may revoke permission' }).getByRole('button', { name: 'Call anyway' }).click();
  await expect(agent.status).toHaveText(`Call ended: ${helena.name} declined the call.`);

  await expect(agent.panel.getByTestId('streak')).toContainText('4 unanswered in a row — WhatsApp revoked');
  await expect(agent.panel.getByTestId('permission-detail')).toContainText('Revoked by WhatsApp');

  // The server's timeline outlives the simulator's resets: earlier tests may have revoked too; this run's is the newest.
  const revoke = trainer.timelineEntries('call_permission_reply').last();
  await expect(revoke).toContainText('WhatsApp revokes the permission automatically after 4 unanswered calls in a row');
  await expect(revoke).toContainText(helena.name);
  await expect(trainer.timelineEntries('connect').first()).toContainText('Ringside asks WhatsApp to call the customer');
  await revoke.getByRole('button', { name: /^JSON of call_permission_reply/ }).click();
  await expect(trainer.timeline.getByTestId('timeline-json')).toContainText('"response_source": "automatic"');
  await trainer.page.screenshot({ path: '/tmp/train-classroom.png' });
  await close();
});

test("the trainer's +7 d turns Ana's temporary permission to Expired on the agent's page, without a reload, and a reset turns it back; axe finds nothing serious", async ({ sim, signInAgent, browser, baseURL }) => {
  const { trainer, close } = await openTrainer(browser, baseURL);
  const agent = await signInAgent('ana.agent');
  await agent.selectLine(lines.br);
  const badge = agent.page.locator(`[data-testid="contact-row"][data-wa-id="${ana.waId}"]`).getByTestId('permission-badge');
  await expect(badge).toHaveAttribute('data-status', 'temporary');

  const before = await trainer.page.getByTestId('world-clock').textContent();
  await trainer.fastForward('+7 d');
  await expect(badge).toHaveAttribute('data-status', 'expired');
  await expect(badge).toHaveText('Expired');
  await expect(trainer.page.getByText(/ahead of real time/)).toBeVisible();
  await expect(trainer.page.getByTestId('world-clock')).not.toHaveText(before ?? '');

  const results = await new AxeBuilder({ page: trainer.page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await trainer.page.getByRole('button', { name: 'Presenter mode' }).click();
  await trainer.page.screenshot({ path: '/tmp/train-presenter.png' });

  // A reset rewinds WhatsApp's clock: the server notices and the agent's page follows, still without a reload.
  await sim.reset();
  await expect(badge).toHaveAttribute('data-status', 'temporary');
  await close();
});
