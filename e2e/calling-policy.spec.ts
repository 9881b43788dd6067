import { expect, lines, test } from './fixtures.ts';

const gabriel = { waId: '5561991234567', name: 'Gabriel Costa' }; // 9 of 10 connected calls used today
const igor = { waId: '5581971234567', name: 'Igor Santos' }; // temporary permission, no history
const helena = { waId: '5571981234567', name: 'Helena Dias' }; // permanent, 3 unanswered in a row

test('the quota falls after a connected call, and at the limit the Call button says when the next call is possible', async ({ sim, signInAgent }) => {
  await sim.setUser(gabriel.waId, { on_call: 'answer', answer_after_ms: 200, audio: 'tone' });
  const agent = await signInAgent('ana.agent');
  await agent.selectLine(lines.br);
  await agent.selectContact(gabriel.waId);
  await expect(agent.panel.getByTestId('quota-calls')).toContainText('1 of 10 calls left in 24 h');

  await agent.panelCall.click();
  await expect(agent.status).toHaveText(/In call/);
  await agent.hangUp.click();

  await expect(agent.panel.getByTestId('quota-calls')).toContainText('0 of 10 calls left in 24 h');
  await expect(agent.panelCall).toBeDisabled();
  await expect(agent.panel.getByTestId('call-refusal')).toHaveAttribute('data-code', '138012');
  await expect(agent.panel.getByTestId('call-refusal')).toHaveText(/10 of 10 .*possible at .*\d\d:\d\d/);
  await expect(agent.callButton(gabriel.name)).toBeDisabled();
});

test('the unanswered streak rises with each unanswered call', async ({ sim, signInAgent }) => {
  await sim.setUser(igor.waId, { on_call: 'decline', answer_after_ms: 100 });
  const agent = await signInAgent('ana.agent');
  await agent.selectLine(lines.br);
  await agent.selectContact(igor.waId);

  await agent.panelCall.click();
  await expect(agent.status).toHaveText(`Call ended: ${igor.name} declined the call.`);
  await expect(agent.panel.getByTestId('streak')).toContainText('1 unanswered in a row');

  await expect(agent.panelCall).toBeEnabled();
  await agent.panelCall.click();
  await expect(agent.status).toHaveText(`Call ended: ${igor.name} declined the call.`);
  await expect(agent.panel.getByTestId('streak')).toHaveText('2 unanswered in a row — WhatsApp has asked this customer to reconsider; 2 more and permission is revoked');
});

test('WhatsApp revokes permission after the streak; the agent is warned first and the Call button then says why', async ({ sim, signInAgent }) => {
  await sim.setUser(helena.waId, { on_call: 'decline', answer_after_ms: 100 });
  const agent = await signInAgent('ana.agent');
  await agent.selectLine(lines.br);
  await agent.selectContact(helena.waId);
  await expect(agent.panel.getByTestId('streak')).toContainText('3 unanswered in a row');

  await agent.panelCall.click();
  const confirm = agent.page.getByRole('dialog', { name: 'Call may revoke permission' });
  await expect(confirm).toContainText(helena.name);
  await confirm.getByRole('button', { name: 'Call anyway' }).click();
  await expect(agent.status).toHaveText(`Call ended: ${helena.name} declined the call.`);

  const row = agent.page.locator(`[data-testid="contact-row"][data-wa-id="${helena.waId}"]`);
  await expect(row.getByTestId('permission-badge')).toHaveAttribute('data-status', 'revoked');
  await expect(agent.panelCall).toBeDisabled();
  await expect(agent.panel.getByTestId('call-refusal')).toHaveAttribute('data-code', '138006');
  await expect(agent.panel.getByTestId('call-refusal')).toContainText('revoked');
});
