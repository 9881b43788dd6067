import { expect, lines, test } from './fixtures.ts';
import { expectSound } from './support/agent-page.ts';

const ana = { waId: '5511912345678', name: 'Ana Souza' }; // temporary permission on every demo line

test('an agent calls a WhatsApp user who answers; audio flows both ways; the user hangs up', async ({ sim, signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const phone = await openPhone(ana.waId);
  await agent.selectLine(lines.br);

  await agent.callButton(ana.name).click();
  await expect(phone.incoming).toBeVisible();
  await expect(agent.status).toHaveText(/Ringing on customer's phone/);
  await phone.accept.click();

  await expect(agent.status).toHaveText(/In call/);
  await expect(phone.inCall).toBeVisible();
  await expectSound(agent.meter); // the phone's fake microphone, relayed by the simulator, reaches the agent
  await expectSound(phone.meter); // and the agent's microphone reaches the phone
  await sim.log(); // the simulator stays reachable throughout

  await phone.hangUp.click();
  await expect(agent.status).toHaveText(/Call ended/);
  await expect(phone.ended).toBeVisible();
  const row = agent.latestRecentCall;
  await expect(row).toHaveAttribute('data-outcome', 'completed');
  await expect(row.getByTestId('recent-call-duration')).toHaveText(/^\d{2}:\d{2}$/);
});

test('a declined call ends with a clear message', async ({ sim, signInAgent }) => {
  await sim.setUser(ana.waId, { on_call: 'decline', answer_after_ms: 200 });
  const agent = await signInAgent('ana.agent');
  await agent.selectLine(lines.br);
  await agent.callButton(ana.name).click();
  await expect(agent.status).toHaveText(`Call ended: ${ana.name} declined the call.`);
  await expect(agent.latestRecentCall).toHaveAttribute('data-outcome', 'declined');
});

test('a contact without permission cannot be called, and the agent reads why (138006)', async ({ signInAgent }) => {
  const agent = await signInAgent('ana.agent');
  await agent.selectLine(lines.br);
  await expect(agent.callButton('Carla Mendes')).toBeDisabled();
  await agent.selectContact('5531987651234');
  await expect(agent.panel.getByTestId('call-refusal')).toHaveText(
    'The customer has not allowed calls from this business. Calling becomes possible once the customer accepts a call permission request.',
  );
  await expect(agent.panel.getByTestId('call-refusal')).toHaveAttribute('data-code', '138006');
});
