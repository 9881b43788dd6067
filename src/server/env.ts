/**
 * Configuration from the environment, validated once at boot. RINGSIDE_MODE says whether to talk to
 * Meta or to start the simulator and point the Graph client there; when it is unset the mode follows
 * WHATSAPP_ACCESS_TOKEN, and half a Meta configuration (WHATSAPP_* without the token) stops boot.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defaultPolicyProfileId, policyProfileIdSchema, type PolicyProfileId } from '../shared/policy/profiles.ts';
import { roleSchema, type Role } from '../shared/agent-api.ts';
import { parseDispositions } from '../shared/dispositions.ts';
import { parseTrustProxy, type TrustProxy } from './ops/trust-proxy.ts';

export interface AccountConfig { username: string; password: string; role: Role; displayName: string }

const optional = z.string().trim().min(1).optional().or(z.literal('').transform(() => undefined));
const port = z.coerce.number().int().min(0).max(65535);

/** `phone_number_id:display_digits:label[:sandbox]`, comma-separated. */
const phoneNumbersSchema = z.string().transform((value, ctx) => value.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
  const [id, display, label, profile] = part.split(':');
  if (!id || !display || !/^\d+$/.test(id) || !/^\d{8,15}$/.test(display)) {
    ctx.addIssue({ code: 'custom', message: `"${part}" is not phone_number_id:display_digits[:label[:sandbox]]` });
    return null;
  }
  return { id, displayNumber: display, label: label || display, profile: profile === 'sandbox' ? 'sandbox' as const : 'production' as const };
}).filter((n) => n !== null));

/** `username:password:role[:Display Name]`, comma-separated: the accounts a Meta-mode deployment starts with. */
const accountsSchema = z.string().transform((value, ctx) => value.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
  const [username, password, role, displayName] = part.split(':');
  const parsedRole = roleSchema.safeParse(role);
  if (!username || !password || password.length < 8 || !parsedRole.success) {
    ctx.addIssue({ code: 'custom', message: `"${username ?? part}" is not username:password(8+ chars):agent|supervisor|trainer[:Display Name]` });
    return null;
  }
  return { username, password, role: parsedRole.data, displayName: displayName || username };
}).filter((a) => a !== null));

/**
 * `name:language` of the approved template that carries the call permission request, sent outside
 * the customer-service window (reference §4.3). Meta's template names are lower-case letters,
 * digits and underscores; languages are codes such as `en`, `en_US`, `pt_BR`.
 */
const templateSchema = z.string().trim().regex(/^[a-z0-9_]{1,512}:[a-z]{2,3}(_[A-Z]{2})?$/, 'like call_permission_request:en (template name:language code)')
  .transform((v) => {
    const [name, language] = v.split(':') as [string, string];
    return { name, language };
  });
const trustProxySchema = z.string().optional().transform((value, ctx) => {
  const parsed = parseTrustProxy(value);
  if ('error' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  RINGSIDE_MODE: z.enum(['simulator', 'meta']).optional().or(z.literal('').transform(() => undefined)),
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optional,
  WHATSAPP_ACCESS_TOKEN: optional,
  WHATSAPP_APP_SECRET: optional,
  WHATSAPP_VERIFY_TOKEN: optional,
  WHATSAPP_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  WHATSAPP_API_VERSION: z.string().regex(/^v\d+\.\d+$/, 'like v23.0').default('v23.0'),
  WHATSAPP_PHONE_NUMBERS: optional.pipe(phoneNumbersSchema.optional()),
  SIMULATOR_PORT: port.default(3001),
  /** The URL the simulator posts webhooks to; defaults to this server on loopback. */
  PUBLIC_URL: optional,
  /** `seed-2025` (default: the seed documents' limits) or `meta-2026` (Meta's later changes). */
  POLICY_PROFILE: policyProfileIdSchema.default(defaultPolicyProfileId),
  RINGSIDE_ACCOUNTS: optional.pipe(accountsSchema.optional()),
  /** Simulator mode: the token of the simulator's control API (random per boot when unset; tests and tools set it). */
  SIMULATOR_CONTROL_TOKEN: optional.pipe(z.string().min(16, 'at least 16 characters').optional()),
  /** After-call work after each call, seconds (the agent can end it early or extend it). */
  WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** How long a customer waits for an agent when nobody is available, seconds, before Ringside rejects the call. */
  QUEUE_WAIT_SECONDS: z.coerce.number().int().min(5).max(120).default(30),
  /** How many available agents an inbound call rings at once, longest available first. */
  RING_AT_ONCE: z.coerce.number().int().min(1).max(50).default(3),
  /** After-call dispositions agents pick from, comma-separated (defaults: shared/dispositions.ts). */
  DISPOSITIONS: optional,
  /** Days raw webhook deliveries are kept for audit; what they carried stays applied. */
  WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  WHATSAPP_PERMISSION_TEMPLATE: templateSchema.default({ name: 'call_permission_request', language: 'en' }),
  /** Reverse proxies trusted for X-Forwarded-*: a hop count or addresses/CIDRs; off by default. */
  TRUST_PROXY: trustProxySchema,
  /** `info` prints startup lines, warnings and errors; `debug` adds a line per request. */
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** The built browser app; built there on first start when it has no index.html. */
  CLIENT_DIR: optional,
});

export interface BusinessNumberConfig { id: string; displayNumber: string; label: string; profile: 'production' | 'sandbox' }

export type Env = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  graphUrl: string;
  apiVersion: string;
  simulatorPort: number;
  publicUrl: string | undefined;
  policyProfileId: PolicyProfileId;
  webhookRetentionDays: number;
  wrapUpSeconds: number;
  queueWaitSeconds: number;
  ringAtOnce: number;
  dispositions: string[];
  simulatorControlToken: string | undefined;
  /** Accounts to create at boot if missing (Meta mode; simulator mode seeds demo accounts). */
  accounts: AccountConfig[];
  /** The call permission request template used outside the customer-service window. */
  permissionTemplate: { name: string; language: string };
  trustProxy: TrustProxy;
  logLevel: (typeof logLevels)[number];
  clientDir: string | undefined;
} & (
  | { mode: 'meta'; accessToken: string; appSecret: string; verifyToken: string; phoneNumbers: BusinessNumberConfig[] }
  | { mode: 'simulator'; accessToken: string; appSecret: string; verifyToken: string; phoneNumbers: null }
);

export class EnvError extends Error {}

/** Every WHATSAPP_* variable with a value: each one says "this deployment is meant for Meta". */
const metaVariablesSet = (source: NodeJS.ProcessEnv) => Object.keys(source).filter((k) => k.startsWith('WHATSAPP_') && source[k]?.trim()).sort();

function resolveMode(source: NodeJS.ProcessEnv, explicit: 'simulator' | 'meta' | undefined, token: string | undefined): 'simulator' | 'meta' {
  const metaVars = metaVariablesSet(source);
  if (!token && metaVars.length > 0) {
    const names = metaVars.join(', ');
    throw new EnvError(`${names} ${metaVars.length === 1 ? 'is' : 'are'} set but WHATSAPP_ACCESS_TOKEN is empty. `
      + `To talk to Meta, set RINGSIDE_MODE=meta and WHATSAPP_ACCESS_TOKEN; to run the simulator, unset ${names}.`);
  }
  if (explicit === 'simulator' && token) throw new EnvError('RINGSIDE_MODE=simulator, but WHATSAPP_ACCESS_TOKEN is set: unset the token, or set RINGSIDE_MODE=meta.');
  return explicit ?? (token ? 'meta' : 'simulator');
}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(`Invalid environment:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  const mode = resolveMode(source, e.RINGSIDE_MODE, e.WHATSAPP_ACCESS_TOKEN);
  const common = {
    port: e.PORT, host: e.HOST, dataDir: e.DATA_DIR, databaseUrl: e.DATABASE_URL, graphUrl: e.WHATSAPP_GRAPH_URL,
    apiVersion: e.WHATSAPP_API_VERSION, simulatorPort: e.SIMULATOR_PORT, publicUrl: e.PUBLIC_URL, policyProfileId: e.POLICY_PROFILE, accounts: e.RINGSIDE_ACCOUNTS ?? [],
    webhookRetentionDays: e.WEBHOOK_RETENTION_DAYS,
    wrapUpSeconds: e.WRAP_UP_SECONDS,
    queueWaitSeconds: e.QUEUE_WAIT_SECONDS,
    ringAtOnce: e.RING_AT_ONCE,
    dispositions: parseDispositions(e.DISPOSITIONS),
    simulatorControlToken: e.SIMULATOR_CONTROL_TOKEN,
    permissionTemplate: e.WHATSAPP_PERMISSION_TEMPLATE,
    trustProxy: e.TRUST_PROXY, logLevel: e.LOG_LEVEL, clientDir: e.CLIENT_DIR,
  };
  if (mode === 'simulator') {
    const random = () => randomBytes(24).toString('hex');
    return { ...common, mode, phoneNumbers: null, accessToken: random(), appSecret: random(), verifyToken: random() };
  }
  const missing = (['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_PHONE_NUMBERS', 'RINGSIDE_ACCOUNTS'] as const).filter((k) => !e[k]);
  if (missing.length > 0) throw new EnvError(`Meta mode also needs: ${missing.join(', ')}`);
  return {
    ...common, mode, accessToken: e.WHATSAPP_ACCESS_TOKEN!, appSecret: e.WHATSAPP_APP_SECRET!,
    verifyToken: e.WHATSAPP_VERIFY_TOKEN!, phoneNumbers: e.WHATSAPP_PHONE_NUMBERS!,
  };
}
