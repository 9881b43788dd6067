/**
 * Restart agreement: stop the product mid-session and start it again on the same data. Every demo
 * contact's picture (what the panel shows before anyone asks WhatsApp) must match WhatsApp's own
 * `call_permissions` answer, on every demo line — the simulator keeps its world in DATA_DIR, the
 * server keeps its ledger, and neither re-seeds over the other.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Contact } from '../src/shared/agent-api.ts';
import { demoContacts } from '../src/shared/demo-data.ts';
import { expect, lines, test } from './fixtures.ts';
import { AgentPage } from './support/agent-page.ts';
import { startProduct } from './support/product-process.ts';

const port = Number(process.env.E2E_PORT ?? 3100) + 10;
const token = 'restart-test-control-token-0123456789';
const asWhatsApp = (grant: string) => (grant === 'temporary' || grant === 'permanent' ? grant : 'no_permission');

test('after a restart mid-session, every demo contact matches WhatsApp\'s answer', async ({ browser }) => {
  test.setTimeout(420_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'ringside-restart-'));
  let product = await startProduct({ port, dataDir, controlToken: token });
  const context = await browser.newContext({ baseURL: product.url, permissions: ['microphone'] });
  const agent = await AgentPage.signIn(await context.newPage(), 'ana.agent');

  // Something happens on WhatsApp's side before the restart: Carla grants permission from her profile.
  const grant = await fetch(`${product.simulatorUrl}/_sim/users/5531987651234/permissions`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ phone_number_id: lines.br, action: 'grant_permanent' }),
  });
  expect(grant.ok).toBe(true);
  await agent.selectLine(lines.br);
  await agent.selectContact('5531987651234');
  await expect(agent.panel).toContainText(/permanent/i);

  await product.stop();
  product = await startProduct({ port, dataDir, controlToken: token });
  await agent.page.reload();
  await expect(agent.page.getByTestId('link-status')).toHaveAttribute('data-status', 'open');

  for (const line of [lines.br, lines.sandbox]) {
    for (const c of demoContacts) {
      const url = `/api/contacts/${c.waId}`;
      const before: Contact = await (await agent.page.request.get(`${url}?businessNumberId=${line}`)).json();
      // WhatsApp's answer; its rate limit (613) may ask us to slow down.
      let after: Contact | null = null;
      await expect.poll(async () => {
        const res = await agent.page.request.post(`${url}/permission-status/refresh`, { data: { businessNumberId: line } });
        if (res.ok()) after = await res.json();
        return res.ok();
      }, { timeout: 30_000 }).toBe(true);
      const meta = after!.meta!;
      expect({ who: c.name, line, permission: asWhatsApp(before.estimate.permission), calls: before.estimate.callsUsed, canCall: before.estimate.canCall })
        .toEqual({ who: c.name, line, permission: meta.status, calls: meta.callsUsed ?? 0, canCall: meta.canCall });
    }
  }
  await context.close();
  await product.stop();
});
