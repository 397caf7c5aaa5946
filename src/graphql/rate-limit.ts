import type { Viewer } from "../auth/viewer";
import { BoundedCache, stringBytes } from "../lib/bounded-cache";
import { AppError } from "./errors";

/**
 * Rate limiting by query cost, per principal (the token's subject, else the client
 * address): a token bucket of `capacity` points refilled at `refillPerSecond`. The memory
 * store serves one instance; the Redis store shares buckets between instances.
 */

export interface RateLimitSettings {
  capacity: number;
  refillPerSecond: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the request's cost would be available again. */
  retryAfterSeconds: number;
}

export interface RateLimitStore {
  consume(key: string, cost: number): Promise<RateDecision>;
  close(): Promise<void>;
}

const retryAfter = (missing: number, refillPerSecond: number) => Math.max(1, Math.ceil(missing / refillPerSecond));

/** Principals the memory store keeps buckets for (client addresses may be many: IPv6). */
const MAX_BUCKETS = 10_000;

export function memoryRateLimitStore({ capacity, refillPerSecond }: RateLimitSettings, now = () => Date.now()): RateLimitStore {
  // The principals seen most recently. One forgotten starts again with a full bucket: those idle
  // longest go first, and an idle bucket refills anyway.
  const buckets = new BoundedCache<string, { tokens: number; at: number }>(
    "rate-limit-buckets",
    { maxEntries: MAX_BUCKETS, maxBytes: MAX_BUCKETS * 1024 },
    (key) => stringBytes(key) + 64,
  );
  return {
    async consume(key, cost) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: time };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((time - bucket.at) / 1000) * refillPerSecond);
      bucket.at = time;
      buckets.set(key, bucket);
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return { allowed: true, retryAfterSeconds: 0 };
      }
      return { allowed: false, retryAfterSeconds: retryAfter(cost - bucket.tokens, refillPerSecond) };
    },
    async close() {},
  };
}

// One atomic step on Redis, timed by Redis's own clock so instances with skewed clocks agree.
const CONSUME_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + (now - at) * rate)
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return { allowed, tostring(tokens) }
`;

export function redisRateLimitStore(url: string, { capacity, refillPerSecond }: RateLimitSettings, prefix = "mobility-plan:rate:"): RateLimitStore {
  // Loaded here, when a Redis store is configured: ~0.1 s of every start otherwise.
  const { Redis } = require("ioredis") as typeof import("ioredis");
  // Fail fast rather than queue: a rate limiter that waits for Redis slows every request.
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, connectTimeout: 2000 });
  redis.on("error", () => {
    // Connection errors surface on the commands that need Redis; the client reconnects by itself.
  });
  return {
    async consume(key, cost) {
      const [allowed, tokens] = (await redis.eval(CONSUME_SCRIPT, 1, prefix + key, capacity, refillPerSecond, cost)) as [number, string];
      return allowed === 1
        ? { allowed: true, retryAfterSeconds: 0 }
        : { allowed: false, retryAfterSeconds: retryAfter(cost - Number(tokens), refillPerSecond) };
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** Whose bucket a request draws on: the token's subject, else the client's address. */
export const principalOf = (viewer: Viewer, clientAddress: string) =>
  viewer.kind === "user" ? `sub:${viewer.sub}` : `ip:${clientAddress}`;

/**
 * Charges `cost` to the principal's bucket, or throws RATE_LIMITED (HTTP 429 with
 * Retry-After). A store that fails lets the request through: a rate limiter that is down
 * must not take the API down with it.
 */
export async function chargeRateLimit(
  store: RateLimitStore,
  principal: string,
  cost: number,
  onStoreError: (error: unknown) => void,
): Promise<void> {
  let decision: RateDecision;
  try {
    decision = await store.consume(principal, cost);
  } catch (error) {
    onStoreError(error);
    return;
  }
  if (!decision.allowed) {
    throw rateLimited(`Too many requests: this one costs ${cost} points; try again in ${decision.retryAfterSeconds} s`, decision.retryAfterSeconds);
  }
}

/** RATE_LIMITED, answered with HTTP 429 and Retry-After. */
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new AppError("RATE_LIMITED", message, {
    retryAfterSeconds,
    http: { status: 429, headers: new Map([["retry-after", String(retryAfterSeconds)]]) },
  });
