/**
 * Every route of a built app, for suites that must cover endpoints added later without being edited
 * (the fuzz suite). Three independent views are combined and cross-checked:
 * - the OpenAPI document (`GET /api/openapi.json`): methods, paths, parameters and request-body schemas;
 * - Fastify's own route tree (`app.printRoutes`), which also lists routes hidden from the document;
 * - the route declarations in `src/server/**` (`.get('/api/...'`), read as text, so a route that is
 *   declared but somehow neither registered nor documented is noticed too.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The JSON Schema subset the OpenAPI document uses for request bodies and parameters. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface Operation {
  method: HttpMethod;
  /** OpenAPI-style path: `/api/v1/families/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON request-body schema, when the operation documents one. */
  body?: JsonSchema;
  /** Reachable without a session (`security: []` in the document). Undocumented routes: unknown. */
  public: boolean | undefined;
  /** Present in the OpenAPI document (hidden routes are found through the route tree only). */
  documented: boolean;
}

export const opName = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

const METHODS = new Set<string>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `:id` (Fastify) -> `{id}` (OpenAPI). */
export const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * The routes of `app.printRoutes({ commonPrefix: false })`: each line is a node whose label continues its
 * parent's path (`/assignment` then `s` is `/assignments`), with its methods in parentheses.
 */
export function parsePrintRoutes(tree: string): Array<{ method: HttpMethod; url: string }> {
  const out: Array<{ method: HttpMethod; url: string }> = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*)$/u.exec(line);
    if (!m) continue;
    const depth = Math.round([...m[1]].length / 4);
    const label = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(m[2])!;
    const full = (depth > 0 ? stack[depth - 1] : '') + label[1];
    stack.length = depth;
    stack[depth] = full;
    for (const method of (label[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (METHODS.has(method)) out.push({ method: method as HttpMethod, url: full });
    }
  }
  return out;
}

/** `.get('/api/...'` style declarations in the server sources (method, Fastify path). */
export function declaredRoutes(srcDir: string): Array<{ method: HttpMethod; url: string; file: string }> {
  const out: Array<{ method: HttpMethod; url: string; file: string }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/\.(get|post|put|patch|delete)\(\s*['"`](\/api\/[^'"`]*)['"`]/g)) {
          out.push({ method: m[1].toUpperCase() as HttpMethod, url: m[2], file: path.relative(srcDir, p) });
        }
      }
    }
  };
  walk(srcDir);
  return out;
}

function parameters(op: { parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }> }, where: 'path' | 'query'): Parameter[] {
  return (op.parameters ?? []).filter((p) => p.in === where).map((p) => ({ name: p.name, required: Boolean(p.required), schema: p.schema ?? {} }));
}

/**
 * Every operation of the app: the documented ones with their parameters and body schema, plus routes
 * only the route tree knows (hidden from the document), with their path parameters and no schema.
 * HEAD routes Fastify adds for each GET are not listed (suites send HEAD through the GET operation).
 */
export async function appOperations(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const doc = res.json() as { paths: Record<string, Record<string, any>> };
  const ops = new Map<string, Operation>();
  for (const [p, byMethod] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(byMethod)) {
      const method = m.toUpperCase();
      if (!METHODS.has(method)) continue;
      const operation: Operation = {
        method: method as HttpMethod,
        path: p,
        pathParams: parameters(op, 'path'),
        queryParams: parameters(op, 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
        public: Array.isArray(op.security) && op.security.length === 0,
        documented: true,
      };
      ops.set(opName(operation), operation);
    }
  }
  for (const r of parsePrintRoutes(app.printRoutes({ commonPrefix: false }))) {
    if (r.method === 'HEAD') continue;
    const p = toOpenApiPath(r.url);
    const key = opName({ method: r.method, path: p });
    if (ops.has(key)) continue;
    const names = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    ops.set(key, {
      method: r.method,
      path: p,
      pathParams: names.map((name) => ({ name, required: true, schema: {} })),
      queryParams: [],
      public: undefined,
      documented: false,
    });
  }
  return [...ops.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
