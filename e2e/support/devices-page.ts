/** The agent desktop's devices, quality strip and keypad, through what the agent sees. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { SimLogEntry } from '../../src/shared/sim-api.ts';
import { expectSound, type AgentPage } from './agent-page.ts';
import type { PhonePage } from './phone-page.ts';
import type { SimClient } from './sim-client.ts';

export class DevicesPage {
  constructor(readonly page: Page) {}

  get audioButton(): Locator { return this.page.getByRole('button', { name: 'Audio' }); }
  get audioMenu(): Locator { return this.page.getByRole('dialog', { name: 'Audio devices' }); }
  get speaker(): Locator { return this.audioMenu.getByLabel('Speaker'); }
  get microphone(): Locator { return this.audioMenu.getByLabel('Microphone'); }
  get ringtone(): Locator { return this.audioMenu.getByLabel('Ringtone output'); }
  get quality(): Locator { return this.page.getByTestId('quality-strip'); }
  get keypadToggle(): Locator { return this.page.getByRole('button', { name: 'Keypad' }); }
  get keypad(): Locator { return this.page.getByRole('group', { name: 'Keypad' }); }
  key(name: string): Locator { return this.keypad.getByRole('button', { name, exact: true }); }

  async openAudio() {
    if ((await this.audioButton.getAttribute('aria-expanded')) !== 'true') await this.audioButton.click();
    await expect(this.audioMenu).toBeVisible();
  }

  /** The device the customer's audio element plays on (`HTMLMediaElement.sinkId`). */
  remoteSinkId(): Promise<string> {
    return this.page.getByTestId('remote-audio').evaluate((el) => (el as HTMLAudioElement).sinkId);
  }
}

/** The agent calls `name`, the phone answers, and audio flows both ways. */
export async function connectedCall(agent: AgentPage, phone: PhonePage, name: string) {
  await agent.callButton(name).click();
  await expect(phone.incoming).toBeVisible();
  await phone.accept.click();
  await expect(agent.status).toHaveText(/In call/);
  await expectSound(agent.meter);
  await expectSound(phone.meter);
}

/** The customer hangs up (each test ends its call: the simulator keeps a live call across its reset). */
export async function customerHangsUp(agent: AgentPage, phone: PhonePage) {
  await phone.hangUp.click();
  await expect(agent.status).toHaveText(/Call ended/);
}

/** DTMF digits the simulator's media endpoint decoded, from its control API log. */
export async function dtmfDigits(sim: SimClient): Promise<string> {
  const log = (await sim.log()) as { entries: SimLogEntry[] };
  return log.entries.filter((e) => e.kind === 'dtmf').map((e) => e.digit ?? '?').join('');
}
