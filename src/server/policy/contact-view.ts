/**
 * What an agent sees about a contact before dialing: the pair's decision (our estimate corrected
 * by WhatsApp's facts that hold) in the agent API's shape (`shared/contact-view.ts`).
 */
import type { Contact } from '../../shared/agent-api.ts';
import { buildContact } from '../../shared/contact-view.ts';
import { countryOf, displayCustomer } from '../../shared/phone-number.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { pairDecisions } from './pair-decision.ts';
import type { BusinessNumberRow } from './pair-estimate.ts';

/** Many contacts of one line at once (a page of the list): their decisions are made together. */
export async function contactViews(db: Db, profile: PolicyProfile, number: BusinessNumberRow, list: ReadonlyArray<{ waId: string; name: string }>, now: Date): Promise<Contact[]> {
  const decisions = await pairDecisions(db, profile, number, list.map((c) => c.waId), now);
  return list.map((contact) => {
    const d = decisions.get(contact.waId)!;
    return buildContact({
      waId: contact.waId, name: contact.name, displayNumber: displayCustomer(contact.waId), country: countryOf(contact.waId), estimate: d.estimate, verdict: d.verdict,
      answer: d.facts.answer, refusals: d.facts.refusals, serviceWindowOpenUntil: d.serviceWindowOpenUntil,
      unreadable: d.facts.unreadable ? { fetchedAt: d.facts.unreadable.fetchedAt.getTime(), problem: d.facts.unreadable.problem } : null,
    });
  });
}

export async function contactView(db: Db, profile: PolicyProfile, number: BusinessNumberRow, contact: { waId: string; name: string }, now: Date): Promise<Contact> {
  return (await contactViews(db, profile, number, [contact], now))[0]!;
}
