import { expect, lines, test } from './fixtures.ts';
import { expectSound, type AgentPage } from './support/agent-page.ts';
import type { PhonePage } from './support/phone-page.ts';

const ana = { waId: '5511912345678', name: 'Ana Souza' };

async function answeredCall(agent: AgentPage, phone: PhonePage) {
  await agent.callButton(ana.name).click();
  await expect(phone.incoming).toBeVisible();
  await phone.accept.click();
  await expect(agent.status).toHaveText(/In call/);
  await expectSound(phone.meter); // the agent's microphone reaches the phone
  await phone.hangUp.click();
  await expect(agent.status).toHaveText(/Call ended/);
}

test('after a call the microphone stays on standby and says so; the next call sends from it; Release turns it off', async ({ signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const phone = await openPhone(ana.waId);
  await agent.selectLine(lines.br);
  const standby = agent.page.getByTestId('mic-standby');
  await expect(standby).toBeHidden();

  await answeredCall(agent, phone);
  await expect(standby).toContainText('Microphone on standby');

  await answeredCall(agent, phone);
  await expect(standby).toBeVisible();

  await standby.getByRole('button', { name: 'Release' }).click();
  await expect(standby).toBeHidden();
});
