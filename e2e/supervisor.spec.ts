/**
 * The supervisor's floor: a live call appears within a second and ticks, listening hears both
 * sides without asking for a microphone, whisper reaches the agent only, barge reaches the
 * customer, the call's end ends it all; the risk board; role-appropriate screens; accessibility.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, lines, test } from './fixtures.ts';
import { expectHeard, loudestOver, SupervisorPage } from './support/supervisor-page.ts';

const ana = { waId: '5511912345678', name: 'Ana Souza' }; // temporary permission on every demo line

async function expectNoSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

// Two browser-to-browser legs and a Meta leg on a shared 2-core machine: give them room.
test.describe.configure({ timeout: 300_000 });

test('a live call reaches the floor within a second and ticks; listen, whisper and barge; the end ends it all', async ({ browser, baseURL, signInAgent, openPhone }) => {
  const supervisor = await SupervisorPage.signIn(browser, baseURL!);
  const agent = await signInAgent('ana.agent');
  const phone = await openPhone(ana.waId);
  await agent.selectLine(lines.br);

  await agent.callButton(ana.name).click();
  await expect(phone.incoming).toBeVisible();
  const row = supervisor.rowOf(ana.name);
  await expect(row).toBeVisible({ timeout: 1000 });
  await expect(row).toContainText('Ana Agent');
  await phone.accept.click();
  await expect(row).toHaveAttribute('data-status', 'active');
  const duration = row.getByTestId('live-call-duration');
  const first = await duration.textContent();
  await expect(duration).not.toHaveText(first!);

  // Listen: both sides of the call, mixed by the agent's page, with no microphone asked for.
  await row.getByRole('button', { name: `Listen to ${ana.name}` }).click();
  await expectHeard(supervisor.heard);
  await expect(supervisor.monitor).toHaveAttribute('data-status', 'live');
  expect(await supervisor.micRequests()).toBe(0);
  await expect(agent.page.getByTestId('monitor-banner')).toHaveText(/Sam Supervisor is listening/);
  await supervisor.page.screenshot({ path: '/tmp/sup-floor-live.png', fullPage: true });

  // The agent mutes, so whatever the customer hears now can only come from the supervisor.
  await agent.page.getByRole('button', { name: 'Mute' }).click();
  await expect.poll(async () => Number(await phone.meter.getAttribute('aria-valuenow')), { timeout: 10_000, intervals: [100] }).toBeLessThanOrEqual(2);

  // Whisper: the agent hears the supervisor; the customer does not.
  await supervisor.mode('Whisper').click();
  await expect(agent.page.getByTestId('monitor-banner')).toHaveText(/Sam Supervisor is whispering/);
  await expectHeard(agent.page.getByRole('meter', { name: "Supervisor's voice" }));
  expect(await loudestOver(phone.meter, 2000)).toBeLessThanOrEqual(2);
  await agent.page.screenshot({ path: '/tmp/sup-agent-whisper.png' });

  // Barge: the supervisor's voice is mixed into what the agent sends to WhatsApp.
  await supervisor.mode('Barge').click();
  await expect(agent.page.getByTestId('monitor-banner')).toHaveText(/Sam Supervisor is barging in/);
  await expectHeard(phone.meter);
  expect(await supervisor.micRequests()).toBeGreaterThan(0);

  await phone.hangUp.click();
  await expect(row).toBeHidden();
  await expect(supervisor.monitor).toBeHidden();
  await expect(agent.page.getByTestId('monitor-banner')).toBeHidden();
  await supervisor.close();
});

test('the risk board lists Helena one unanswered call from revocation and Gabriel at 9 of 10 calls; no calling controls for supervisors', async ({ browser, baseURL }) => {
  const supervisor = await SupervisorPage.signIn(browser, baseURL!);
  const helena = supervisor.risks.locator('[data-testid="risk-row"][data-wa-id="5571981234567"]').first();
  const gabriel = supervisor.risks.locator('[data-testid="risk-row"][data-wa-id="5561991234567"]').first();
  await expect(helena).toHaveAttribute('data-kind', 'revoke_next');
  await expect(helena).toContainText('one more and WhatsApp revokes');
  await expect(gabriel).toHaveAttribute('data-kind', 'call_limit');
  await expect(gabriel).toContainText('9 of 10 calls used');
  await expect(supervisor.agents.getByTestId('floor-agent').filter({ hasText: 'Ana Agent' })).toBeVisible();
  await expect(supervisor.today.getByTestId('today-total')).toBeVisible();

  const buttons = supervisor.page.getByRole('button');
  await expect(buttons.filter({ hasText: /^(Call|Answer|Accept|Available|Away)\b/ })).toHaveCount(0);
  await expectNoSeriousA11yViolations(supervisor.page);
  await supervisor.page.screenshot({ path: '/tmp/sup-floor-risks.png', fullPage: true });
  await supervisor.close();
});

test('trainers open the floor read-only at /floor; agents never see it', async ({ browser, baseURL, signInAgent }) => {
  const trainer = await SupervisorPage.signIn(browser, baseURL!, 'tia.trainer', '/floor');
  await expect(trainer.liveCalls).toBeVisible();
  await expect(trainer.page.getByText('Read-only')).toBeVisible();
  await trainer.close();
  const agent = await signInAgent('ben.agent');
  await agent.page.goto('/floor');
  await expect(agent.page.getByText('The floor is for supervisors and trainers')).toBeVisible();
  await expect(agent.page.getByRole('region', { name: 'Live calls' })).toHaveCount(0);
});
