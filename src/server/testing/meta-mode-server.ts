/**
 * For Meta-mode integration tests: the real app on a real port, its Graph client pointed at a
 * Meta-shaped fake (`fake-graph.ts`), and a signed-in agent that talks to it over HTTP — the
 * server's real API, cookies, status codes and webhook signatures included.
 */
import type { AgentEvent, Contact } from '../../shared/agent-api.ts';
import { toMetaJson } from '../../shared/meta-api.ts';
import type { OpenDb } from '../db/open-db.ts';
import { appSecret, buildTestServer } from '../test-support.ts';
import { signBody } from '../webhooks/signature.ts';
import { startFakeGraph, type FakeGraph } from './fake-graph.ts';

export interface HttpAnswer { status: number; json: any; headers: Headers } // eslint-disable-line @typescript-eslint/no-explicit-any -- a test reads whatever the API answered

export async function startMetaModeServer(db: OpenDb) {
  const graph: FakeGraph = await startFakeGraph();
  const server = await buildTestServer(db, fetch, { graphUrl: graph.url, accessToken: graph.token });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });

  async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, raw?: string): Promise<HttpAnswer> {
    const res = await fetch(base + path, {
      method,
      headers: { ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  const signIn = await http('POST', '/api/session', { username: 'ana.agent', password: 'ringside' });
  if (signIn.status !== 200) throw new Error(`Sign-in failed: ${signIn.status}`);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

  return {
    ...server,
    graph,
    base,
    /** As the signed-in agent. */
    api: (method: string, path: string, body?: unknown) => http(method, path, body, { cookie }),
    async contact(waId: string, businessNumberId: string): Promise<Contact> {
      return (await http('GET', `/api/contacts/${waId}?businessNumberId=${businessNumberId}`, undefined, { cookie })).json as Contact;
    },
    /** Posts a webhook the way Meta does (ASCII-escaped JSON, signed), and waits until what it carried is applied. */
    async webhook(body: unknown) {
      const raw = toMetaJson(body);
      const res = await http('POST', '/webhooks/whatsapp', undefined, { 'x-hub-signature-256': signBody(appSecret, raw) }, raw);
      await server.runtime.applier.idle();
      return res;
    },
    events(type: AgentEvent['type']) {
      return server.published.filter((p) => p.event.type === type).map((p) => p.event);
    },
    async close() {
      await server.app.close();
      await graph.close();
    },
  };
}

export type MetaModeServer = Awaited<ReturnType<typeof startMetaModeServer>>;
