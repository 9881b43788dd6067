/**
 * The contact list a page at a time: keyset pages cover the book once, in name order; search finds
 * by name or number; the list's filters are applied on the server; and a pair with a very long
 * history is judged exactly as on its whole ledger, from a bounded read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact, ContactPage } from '../../shared/agent-api.ts';
import { evaluatePair } from '../../shared/policy/evaluate.ts';
import { contacts, ledgerEntries } from '../db/schema.ts';
import { buildTestServer, metaGraphStandIn, openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';
import { ledgerDetail, loadLedger } from './ledger-repo.ts';
import { loadNumber } from './pair-estimate.ts';

const pnid = '100000000000001';
const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('contact pages on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the contact-page tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  let cookie: string;
  const page = async (query: string): Promise<ContactPage> => (await server.app.inject({ url: `/api/contact-pages?businessNumberId=${pnid}&${query}`, headers: { cookie } })).json();

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, metaGraphStandIn(() => ({ status: 200, body: {} })).fetch);
    cookie = await server.signIn('ana.agent');
    // 300 more customers, named so that their order is known.
    await db.db.insert(contacts).values(Array.from({ length: 300 }, (_, i) => ({ waId: `5511970${String(i).padStart(6, '0')}`, name: `Zed ${String(i).padStart(3, '0')}` })));
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  it.skipIf(skip)('pages through the whole book once, in name order', async () => {
    const seen: Contact[] = [];
    let after = '';
    for (let i = 0; i < 20; i++) {
      const p = await page(`limit=37${after ? `&after=${after}` : ''}`);
      seen.push(...p.contacts);
      if (!p.next) break;
      after = p.next;
    }
    const all = (await db.db.select({ name: contacts.name, waId: contacts.waId }).from(contacts));
    expect(seen.map((c) => c.waId)).toEqual(all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.waId < b.waId ? -1 : 1)).map((c) => c.waId));
  });

  it.skipIf(skip)('finds by name, by part of the number, and answers 400 to a bad cursor or filter', async () => {
    expect((await page('q=helena')).contacts.map((c) => c.name)).toEqual(['Helena Dias']);
    expect((await page('q=970000123')).contacts.map((c) => c.name)).toEqual(['Zed 123']);
    const bad = await server.app.inject({ url: `/api/contact-pages?businessNumberId=${pnid}&filter=vip`, headers: { cookie } });
    expect(bad.statusCode).toBe(400);
  });

  it.skipIf(skip)("applies the list's filters on the server", async () => {
    const callable = await page('filter=callable&limit=50');
    expect(callable.contacts.length).toBeGreaterThan(0);
    expect(callable.contacts.every((c) => c.eligibility.call.allowed)).toBe(true);
    const needs = await page('filter=needs-permission&limit=50');
    expect(needs.contacts.map((c) => c.name)).toEqual(expect.arrayContaining(['Carla Mendes', 'Diego Alves']));
  });

  it.skipIf(skip)('judges a pair with 5,000 old entries exactly as on its whole ledger', async () => {
    const waId = '5511970000007';
    const old = new Date('2026-06-01T00:00:00Z').getTime();
    const entries = Array.from({ length: 5000 }, (_, i) => (i % 2
      ? { type: 'call_unanswered' as const, id: `wacid.OLD-${i}`, at: old + i * 60_000 }
      : { type: 'call_connected' as const, id: `wacid.OLD-${i}`, at: old + i * 60_000, direction: 'business_initiated' as const }));
    const grant = { type: 'permission_replied' as const, id: 'wamid.OLD-GRANT', at: old - 3600_000, response: 'accept' as const, permanent: true, source: 'user_action' as const };
    await db.db.insert(ledgerEntries).values([grant, ...entries].map((e) => ({ businessNumberId: pnid, waId, entryId: e.id, type: e.type, detail: ledgerDetail(e), at: new Date(e.at), entry: e })));
    const [shown] = (await page(`q=${waId}`)).contacts;
    const number = (await loadNumber(db.db, pnid))!;
    const whole = evaluatePair({
      ledger: await loadLedger(db.db, pnid, waId), now: server.ctx.now().getTime(), profile: server.ctx.policy, tier: number.profile,
      businessWaId: number.displayNumber, callingEnabled: true, activeCalls: { inbound: 0, outbound: 0 },
    });
    expect(shown!.eligibility.permission).toEqual(whole.permission);
    expect(shown!.eligibility.streak).toEqual(whole.streak);
    expect(shown!.eligibility.call.allowed).toBe(whole.call.allowed);
  });
});
