/**
 * The standalone simulator's configuration from the environment, validated once at start.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defaultPolicyProfileId, policyProfileIdSchema, type PolicyProfileId } from '../shared/policy/profiles.ts';

const envSchema = z.object({
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  SIMULATOR_ACCESS_TOKEN: z.string().min(1).optional(),
  SIMULATOR_WEBHOOK_URL: z.url({ error: 'SIMULATOR_WEBHOOK_URL must be the URL webhooks are POSTed to, e.g. http://127.0.0.1:3000/webhooks/meta' }),
  SIMULATOR_APP_SECRET: z.string({ error: 'SIMULATOR_APP_SECRET is required: the app secret webhooks are signed with' }).min(1),
  /** `none`: signalling-only media (no sockets). Default: real media. */
  SIMULATOR_MEDIA: z.enum(['werift', 'none']).default('werift'),
  /** DTLS role Meta takes in its answers to business offers (reference §8.3). */
  SIMULATOR_DTLS_ROLE: z.enum(['active', 'passive']).default('active'),
  SIMULATOR_LOG: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  /** Which reading of Meta's calling rules to enforce (`src/shared/policy/profiles.ts`). */
  SIMULATOR_POLICY_PROFILE: policyProfileIdSchema.default(defaultPolicyProfileId),
  /** The world's JSON file: loaded at start when present, otherwise seeded and written; kept up to date. */
  SIMULATOR_STATE_FILE: z.string().min(1).optional(),
  /** Bearer token the control routes (`/_sim`, except the phone page's) require. */
  SIMULATOR_CONTROL_TOKEN: z.string().min(1).optional(),
  /** Comma-separated origins that get CORS headers on `/_sim`, e.g. the product's own origin for its phone page; `*` = any. */
  SIMULATOR_ALLOWED_ORIGINS: z.string().optional().transform((v, ctx) => {
    const origins = (v ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
    for (const origin of origins) {
      if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
        ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin: scheme://host[:port], no path (e.g. http://127.0.0.1:3000)` });
      }
    }
    return origins;
  }),
});

export interface SimulatorEnv {
  port: number;
  host: string;
  accessToken: string;
  /** True when the token was generated (print it). */
  tokenGenerated: boolean;
  webhookUrl: string;
  appSecret: string;
  media: 'werift' | 'none';
  dtlsRole: 'active' | 'passive';
  logger: boolean;
  policyProfile: PolicyProfileId;
  controlToken: string | undefined;
  allowedOrigins: string[];
  stateFile: string | undefined;
}

/** Parses the environment; throws an Error listing every problem. Empty strings count as unset. */
export function loadSimulatorEnv(source: NodeJS.ProcessEnv = process.env): SimulatorEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid simulator environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.SIMULATOR_PORT,
    host: e.SIMULATOR_HOST,
    accessToken: e.SIMULATOR_ACCESS_TOKEN ?? randomBytes(24).toString('hex'),
    tokenGenerated: e.SIMULATOR_ACCESS_TOKEN === undefined,
    webhookUrl: e.SIMULATOR_WEBHOOK_URL,
    appSecret: e.SIMULATOR_APP_SECRET,
    media: e.SIMULATOR_MEDIA,
    dtlsRole: e.SIMULATOR_DTLS_ROLE,
    logger: e.SIMULATOR_LOG,
    policyProfile: e.SIMULATOR_POLICY_PROFILE,
    controlToken: e.SIMULATOR_CONTROL_TOKEN,
    allowedOrigins: e.SIMULATOR_ALLOWED_ORIGINS,
    stateFile: e.SIMULATOR_STATE_FILE,
  };
}
