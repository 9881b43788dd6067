/**
 * The agent's desk over a working day: after-call work with a disposition that lands in the
 * history, a customer who waits in the queue while the agent is away and rings when she is back,
 * the page at phone, tablet and desktop widths, and accessibility on every screen.
 */
import { expect, lines, test } from './fixtures.ts';
import { DeskPage, seriousA11yViolations, sidewaysOverflow } from './support/desk-page.ts';

const ana = { waId: '5511912345678', name: 'Ana Souza' }; // temporary permission on every demo line
const carla = { waId: '5531987651234', name: 'Carla Mendes' };

// A call with audio and an axe pass each take tens of seconds on the shared two-core machine.
test.describe.configure({ timeout: 120_000 });

test('after-call work begins at hang-up and ends with a disposition saved and shown in the history', async ({ signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const desk = new DeskPage(agent.page);
  const phone = await openPhone(ana.waId);
  await agent.selectLine(lines.br);
  await expect(desk.state).toHaveAttribute('data-state', 'available');

  await agent.callButton(ana.name).click();
  await expect(desk.callerContext).toContainText(ana.name);
  await phone.accept.click();
  await expect(agent.status).toHaveText(/In call/);
  await expect(desk.state).toHaveAttribute('data-state', 'on_call');

  await agent.hangUp.click();
  await expect(desk.state).toHaveAttribute('data-state', 'wrap_up');
  await expect(desk.stateText).toContainText(/After-call work \d{2}:\d{2} left/);
  const before = await desk.page.getByTestId('wrap-up-left').textContent();
  await desk.extend.click();
  await expect.poll(async () => seconds(await desk.page.getByTestId('wrap-up-left').textContent())).toBeGreaterThan(seconds(before));

  await desk.saveWrapUp('Follow-up needed', 'Wants the invoice by email.');
  const row = agent.latestRecentCall;
  await expect(row).toHaveAttribute('data-outcome', 'completed');
  await expect(row.getByTestId('recent-call-disposition')).toHaveText('Follow-up needed');
  await expect(row).toContainText('Wants the invoice by email.');

  await desk.readyNow.click();
  await expect(desk.state).toHaveAttribute('data-state', 'available');
  await expect(desk.stateText).toHaveText('Available');
});

test('a customer who calls while the agent is away waits in the queue, and rings her when she turns available', async ({ signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const desk = new DeskPage(agent.page);
  await desk.setStatus('away:lunch');
  await expect(desk.state).toHaveAttribute('data-state', 'away');
  await expect(desk.stateText).toHaveText('Away: Lunch');
  await expect(agent.page.getByText('Available', { exact: true })).toHaveCount(1); // only as an option of the picker, never as her state

  const phone = await openPhone(carla.waId);
  await phone.callBusiness('Ringside Support BR').click();
  await expect(desk.queue).toHaveText('1 waiting');
  await expect(agent.incoming).toBeHidden();

  await desk.setStatus('available');
  await expect(agent.incoming).toBeVisible();
  await expect(agent.incoming).toContainText(carla.name);
  await expect(desk.queue).toHaveText('0 waiting');
  await expect(desk.state).toHaveAttribute('data-state', 'ringing');
  await expect(desk.callerContext).toContainText(carla.name);
  await expect(desk.callerContext.getByTestId('contact-timeline')).not.toContainText('Loading'); // loaded once the answer is pre-accepted
  await agent.page.screenshot({ path: '/tmp/desk-ringing.png' });

  await agent.incoming.getByRole('button', { name: 'Accept' }).click();
  await expect(agent.status).toHaveText(/In call/);
  await agent.hangUp.click();
  await expect(phone.ended).toBeVisible();
  await expect(phone.page.getByTestId('phone-end-reason')).toHaveText('Ringside Support BR ended the call.');
});

test('the page fits phone, tablet and desktop widths, with the softphone first on a phone', async ({ signInAgent }) => {
  const agent = await signInAgent('ana.agent');
  for (const width of [390, 768, 1440]) {
    await agent.page.setViewportSize({ width, height: 844 });
    await expect(agent.page.getByTestId('contact-row').first()).toBeVisible();
    expect(await sidewaysOverflow(agent.page), `at ${width} px`).toBeLessThanOrEqual(0);
    await agent.page.screenshot({ path: `test-results/agent-desk-${width}.png`, fullPage: width !== 1440 });
  }
  await agent.page.setViewportSize({ width: 390, height: 844 });
  const status = await agent.page.getByTestId('agent-status').boundingBox();
  const contacts = await agent.page.getByRole('heading', { name: /^Contacts/ }).boundingBox();
  expect(status!.y).toBeLessThan(contacts!.y);
  // The Call buttons sit on screen, not off to the right.
  await agent.callButton(ana.name).scrollIntoViewIfNeeded();
  const call = await agent.callButton(ana.name).boundingBox();
  expect(call!.x + call!.width).toBeLessThanOrEqual(390);
});

test('axe finds no serious or critical violation on the sign-in page', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);
});

test('axe finds no serious or critical violation on the agent home', async ({ signInAgent }) => {
  const agent = await signInAgent('ana.agent');
  await expect(agent.page.getByTestId('contact-row').first()).toBeVisible();
  await expect(agent.page.getByTestId('contact-timeline')).toBeVisible();
  expect(await seriousA11yViolations(agent.page)).toEqual([]);
});

test('axe finds no serious or critical violation on the phone page', async ({ openPhone }) => {
  const phone = await openPhone(carla.waId);
  expect(await seriousA11yViolations(phone.page)).toEqual([]);
});

function seconds(text: string | null): number {
  const [m, s] = (text?.match(/(\d{2}):(\d{2})/) ?? ['', '0', '0']).slice(1).map(Number);
  return m! * 60 + s!;
}
