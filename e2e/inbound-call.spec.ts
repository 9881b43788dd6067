import { expect, test } from './fixtures.ts';
import { expectSound } from './support/agent-page.ts';

test('a user calls the business, two agents ring, the first to accept gets the call', async ({ signInAgent, openPhone }) => {
  const ana = await signInAgent('ana.agent');
  const ben = await signInAgent('ben.agent');
  const phone = await openPhone('5531987651234');

  await phone.callBusiness('Ringside Support BR').click();
  await expect(ana.incoming).toBeVisible();
  await expect(ben.incoming).toBeVisible();
  await expect(ana.incoming).toContainText('Carla Mendes');

  await ana.incoming.getByRole('button', { name: 'Accept' }).click();
  await expect(ben.incoming).toBeHidden();
  await expect(ben.status).toHaveText(/Answered by Ana Agent/);
  await expect(ana.status).toHaveText(/In call/);
  await expect(phone.inCall).toBeVisible();

  await expectSound(ana.meter);
  await expectSound(phone.meter);

  await ana.hangUp.click();
  await expect(phone.ended).toBeVisible();
  await expect(ana.latestRecentCall).toHaveAttribute('data-outcome', 'completed');
});
