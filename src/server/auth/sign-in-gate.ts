/**
 * How often sign-in may be tried: per client address (every attempt counts) and per username
 * (attempts since the last success), so neither one address nor a botnet aimed at one account can
 * guess passwords quickly. Refusals name when to retry.
 */
import { createRateLimiter, type RateLimit, type Take } from '../ops/rate-limiter.ts';

export interface SignInLimits { perAddress: RateLimit; perUsername: RateLimit }

/** Generous for an office of agents behind one NAT address; set TRUST_PROXY so each client counts apart. */
export const defaultSignInLimits: SignInLimits = {
  perAddress: { limit: 100, windowMs: 10 * 60_000 },
  perUsername: { limit: 10, windowMs: 15 * 60_000 },
};

export function createSignInGate(limits: SignInLimits, now: () => Date) {
  const byAddress = createRateLimiter({ ...limits.perAddress, now });
  const byUsername = createRateLimiter({ ...limits.perUsername, now });
  const userKey = (username: string) => username.toLowerCase();
  return {
    fromAddress: (ip: string): Take => byAddress.take(ip),
    forUsername: (username: string): Take => byUsername.take(userKey(username)),
    succeeded: (username: string) => byUsername.reset(userKey(username)),
  };
}

export type SignInGate = ReturnType<typeof createSignInGate>;

export const retryMessage = (seconds: number) =>
  `Too many sign-in attempts. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`;
