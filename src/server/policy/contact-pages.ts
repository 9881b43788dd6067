/**
 * The contact list a page at a time, for books of 100k contacts: keyset pages by name (then key),
 * a text search on name or number, and the list's filters (`shared/contact-filters.ts`) applied on
 * the server. Each page's decisions are made together (`contactViews`): a fixed number of queries
 * whatever the page size. A filter that matches few contacts scans a bounded number of them per
 * request and says where to continue, so no request walks the whole book.
 */
import { and, asc, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import type { Contact } from '../../shared/agent-api.ts';
import { contactFilter, type ContactFilterId } from '../../shared/contact-filters.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { contacts } from '../db/schema.ts';
import { contactViews } from './contact-view.ts';
import type { BusinessNumberRow } from './pair-estimate.ts';

export interface PageQuery {
  limit: number;
  /** Opaque: where the previous page ended. */
  after?: string;
  q?: string;
  filter?: ContactFilterId;
}

export interface ContactPage {
  contacts: Contact[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

/** Contacts a filtered request looks at, at most, before answering with what it found. */
const scanBudget = 1000;

const encode = (name: string, waId: string) => Buffer.from(JSON.stringify([name, waId])).toString('base64url');
function decode(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' ? [v[0], v[1]] : null;
  } catch {
    return null;
  }
}

function search(q: string | undefined): SQL | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const digits = text.replace(/\D/g, '');
  return or(ilike(contacts.name, `%${escaped}%`), digits.length >= 3 ? like(contacts.waId, `%${digits}%`) : undefined, ilike(contacts.username, `%${escaped}%`));
}

export async function contactPage(db: Db, profile: PolicyProfile, number: BusinessNumberRow, query: PageQuery, now: Date): Promise<ContactPage> {
  const filter = query.filter && query.filter !== 'all' ? contactFilter(query.filter) : null;
  const found: Contact[] = [];
  let cursor = decode(query.after);
  let scanned = 0;
  const chunk = filter ? Math.max(query.limit, 100) : query.limit;
  for (;;) {
    const rows = await db.select({ waId: contacts.waId, name: contacts.name }).from(contacts)
      .where(and(search(query.q), cursor ? sql`(${contacts.name}, ${contacts.waId}) > (${cursor[0]}, ${cursor[1]})` : undefined))
      .orderBy(asc(contacts.name), asc(contacts.waId)).limit(chunk);
    const views = await contactViews(db, profile, number, rows, now);
    for (let i = 0; i < rows.length; i++) {
      const view = views[i]!;
      cursor = [rows[i]!.name, rows[i]!.waId];
      if (!filter || filter.test(view, now.getTime())) found.push(view);
      if (found.length === query.limit) return { contacts: found, next: i === rows.length - 1 && rows.length < chunk ? null : encode(...cursor) };
    }
    scanned += rows.length;
    if (rows.length < chunk) return { contacts: found, next: null };
    if (scanned >= scanBudget) return { contacts: found, next: encode(...cursor!) };
  }
}
