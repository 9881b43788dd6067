/**
 * Builds an OpenAPI 3.1 document from zod schemas (zod 4's own `z.toJSONSchema`), so the document
 * cannot drift from what the handlers validate. The server and the simulator each describe their routes.
 */
import { z } from 'zod';

export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path: `/api/calls/{id}/accept`. */
  path: string;
  summary: string;
  tags?: string[];
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  /** Extra non-200 answers worth documenting, e.g. `{ 401: 'Not signed in' }`. */
  errors?: Record<number, string>;
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

export function buildOpenApi(info: { title: string; version: string; description?: string }, routes: ApiRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const query = route.query
      ? Object.entries(route.query.shape).map(([name, s]) => ({ name, in: 'query', required: !(s as z.ZodType).safeParse(undefined).success, schema: jsonSchema(s as z.ZodType) }))
      : [];
    const responses: Record<string, unknown> = {
      200: route.response ? { description: 'OK', content: { 'application/json': { schema: jsonSchema(route.response) } } } : { description: 'OK' },
    };
    for (const [status, description] of Object.entries(route.errors ?? {})) responses[status] = { description };
    (paths[route.path] ??= {})[route.method] = {
      summary: route.summary,
      tags: route.tags,
      parameters: [...params, ...query],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
      responses,
    };
  }
  return { openapi: '3.1.0', info, paths };
}
