/**
 * The agent desktop in Chromium with fake devices: speaker and microphone switched mid-call with
 * audio still flowing, DTMF heard by the simulator's media endpoint, the quality strip's figures,
 * one tab owning the media, leaving the page mid-call, and axe on the in-call view.
 */
import { expect, lines, test } from './fixtures.ts';
import { expectSound } from './support/agent-page.ts';
import { seriousViolations } from './support/axe-serious.ts';
import { connectedCall, customerHangsUp, DevicesPage, dtmfDigits } from './support/devices-page.ts';

// Each test sets up a real call through the simulator's media relay: on a shared 2-core machine that alone can take 30 s.
test.describe.configure({ timeout: 150_000 });

const ana = { waId: '5511912345678', name: 'Ana Souza' }; // temporary permission on every demo line

test('the speaker picker lists the fake devices; switching speaker and microphone mid-call keeps audio flowing both ways', async ({ signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const phone = await openPhone(ana.waId);
  const desk = new DevicesPage(agent.page);
  await agent.selectLine(lines.br);
  await connectedCall(agent, phone, ana.name);

  await desk.openAudio();
  const speakers = desk.speaker.locator('option');
  await expect(speakers.first()).toHaveText('System default');
  await expect.poll(() => speakers.count()).toBeGreaterThan(1);
  await expect(desk.speaker).toContainText('Fake');
  const target = await speakers.last().getAttribute('value');
  expect(target).toBeTruthy();
  await desk.speaker.selectOption(target!);
  await expect.poll(() => desk.remoteSinkId()).toBe(target);
  await expectSound(agent.meter); // the customer is still heard after the switch

  const mics = desk.microphone.locator('option');
  await expect.poll(() => mics.count()).toBeGreaterThan(1);
  await desk.microphone.selectOption((await mics.last().getAttribute('value'))!);
  await expectSound(phone.meter); // the new microphone reaches the phone (replaceTrack, no renegotiation)
  await expect(agent.status).toHaveText(/In call/);

  // Remembered per browser: a reload keeps the choice.
  await customerHangsUp(agent, phone);
  await agent.page.reload();
  await desk.openAudio();
  await expect(desk.speaker).toHaveValue(target!);
});

test('the keypad sends digits the simulator receives as telephone-events', async ({ sim, signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const phone = await openPhone(ana.waId);
  const desk = new DevicesPage(agent.page);
  await agent.selectLine(lines.br);
  await connectedCall(agent, phone, ana.name);

  await desk.keypadToggle.click();
  await expect(desk.key('1')).toBeFocused();
  await desk.key('1').click();
  await desk.key('Pound').click();
  // While the keypad has focus, the keyboard's digits send too.
  await agent.page.keyboard.type('42*');
  await expect(agent.page.getByTestId('dtmf-sent')).toHaveText('Sent 1#42*');
  await expect.poll(() => dtmfDigits(sim), { timeout: 10_000 }).toBe('1#42*');
  await expect(agent.status).toHaveText(/In call/); // no digit was taken for a shortcut
  await customerHangsUp(agent, phone);
});

test('the quality strip shows RTT, jitter, loss and MOS during a call, and the server keeps the samples', async ({ signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const phone = await openPhone(ana.waId);
  const desk = new DevicesPage(agent.page);
  await agent.selectLine(lines.br);
  await connectedCall(agent, phone, ana.name);

  await expect(desk.quality).toHaveAttribute('data-measured', 'true');
  await expect(desk.quality.getByTestId('quality-rtt')).toHaveText(/^\d+ ms$/);
  await expect(desk.quality.getByTestId('quality-jitter')).toHaveText(/^\d+(\.\d)? ms$/);
  await expect(desk.quality.getByTestId('quality-loss')).toHaveText(/^\d+(\.\d)?%$/);
  await expect(desk.quality.getByTestId('quality-mos')).toHaveText(/^[1-4]\.\d$/);
  const figures = await desk.quality.allInnerTexts();
  console.warn(`quality strip on loopback: ${figures.join(' ').replace(/\s+/g, ' ')}`);

  const callId = await agent.page.evaluate(async () => {
    const res = await fetch('/api/calls');
    const calls = (await res.json()) as Array<{ id: string; status: string }>;
    return calls.find((c) => c.status === 'active')?.id ?? null;
  });
  expect(callId).toBeTruthy();
  await expect
    .poll(async () => {
      const res = await agent.page.request.get('/api/calls');
      const calls = (await res.json()) as Array<{ id: string; quality: { samples: number; worst: { mos: number } } | null }>;
      return calls.find((c) => c.id === callId)?.quality?.samples ?? 0;
    })
    .toBeGreaterThan(0);
  await customerHangsUp(agent, phone);
});

test('axe: 0 serious or critical violations on the in-call view with the keypad open', async ({ signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const phone = await openPhone(ana.waId);
  const desk = new DevicesPage(agent.page);
  await agent.selectLine(lines.br);
  await connectedCall(agent, phone, ana.name);
  await desk.keypadToggle.click();
  await expect(desk.quality).toHaveAttribute('data-measured', 'true');
  await agent.page.screenshot({ path: '/tmp/desk-in-call.png' });
  expect(await seriousViolations(agent.page)).toEqual([]);
  await customerHangsUp(agent, phone);
});

test('the pre-call check: microphone level, test tone, server round trip; the menu is keyboard-operable and passes axe', async ({ signInAgent }) => {
  const agent = await signInAgent('ana.agent');
  const desk = new DevicesPage(agent.page);
  await desk.audioButton.focus();
  await agent.page.keyboard.press('Enter');
  await expect(desk.audioMenu).toBeVisible();
  await expect(desk.microphone).toBeFocused();
  await desk.audioMenu.getByRole('button', { name: 'Check connection' }).click();
  await expect(agent.page.getByTestId('server-check')).toHaveText(/^Server round trip \d+ ms$/);
  await desk.audioMenu.getByRole('button', { name: 'Test microphone' }).click();
  await expectSound(agent.page.getByRole('meter', { name: 'Microphone level' }));
  await desk.audioMenu.getByRole('button', { name: 'Play test tone' }).click();
  await expect(agent.page.getByTestId('speaker-check')).toHaveText('Heard two beeps? The speaker works.');
  await agent.page.screenshot({ path: '/tmp/desk-audio-menu.png' });
  expect(await seriousViolations(agent.page)).toEqual([]);
  await agent.page.keyboard.press('Escape');
  await expect(desk.audioMenu).toBeHidden();
  await expect(desk.audioButton).toBeFocused();
});

test('an incoming call rings on the chosen ringtone output, and stops when declined', async ({ sim, signInAgent }) => {
  const agent = await signInAgent('ana.agent');
  const desk = new DevicesPage(agent.page);
  await desk.openAudio();
  const outputs = desk.ringtone.locator('option');
  await expect.poll(() => outputs.count()).toBeGreaterThan(1);
  const target = (await outputs.last().getAttribute('value'))!;
  await desk.ringtone.selectOption(target);
  await agent.page.keyboard.press('Escape');

  const ringtone = agent.page.getByTestId('ringtone');
  await sim.startUserCall('5531987651234', lines.br);
  await expect(agent.incoming).toBeVisible();
  await expect.poll(() => ringtone.evaluate((el: HTMLAudioElement) => ({ playing: !el.paused, sink: el.sinkId }))).toEqual({ playing: true, sink: target });
  await agent.incoming.getByRole('button', { name: 'Decline' }).click();
  await expect.poll(() => ringtone.evaluate((el: HTMLAudioElement) => el.paused)).toBe(true);
});

test('a second tab says Ringside is open elsewhere and can take over', async ({ signInAgent }) => {
  const agent = await signInAgent('ana.agent');
  const second = await agent.page.context().newPage();
  await second.goto('/');
  await expect(second.getByRole('heading', { name: 'Ringside is open in another tab' })).toBeVisible();
  await second.getByRole('button', { name: 'Use Ringside here' }).click();
  await expect(second.getByTestId('link-status')).toHaveAttribute('data-status', 'open');
  await expect(agent.page.getByRole('heading', { name: 'Ringside is open in another tab' })).toBeVisible();
  await second.screenshot({ path: '/tmp/desk-second-tab.png' });
  await agent.page.screenshot({ path: '/tmp/desk-first-tab.png' });
  expect(await seriousViolations(agent.page)).toEqual([]);
});

test('leaving mid-call warns first; a reload ends the call at WhatsApp and shows it ended, never a ghost', async ({ signInAgent, openPhone }) => {
  const agent = await signInAgent('ana.agent');
  const phone = await openPhone(ana.waId);
  await agent.selectLine(lines.br);
  await connectedCall(agent, phone, ana.name);

  const dialogs: string[] = [];
  agent.page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  await agent.page.reload();
  expect(dialogs).toEqual(['beforeunload']);
  await expect(phone.ended).toBeVisible(); // the keepalive hang-up reached the server and WhatsApp
  await expect(agent.status).toHaveText(/^Call ended: /);
  await expect(agent.page.getByTestId('softphone')).toContainText(ana.name);
});
