// The one place that reads process.env. Every variable (docs/deployment.md lists them) is validated
// here, at start, and a bad value names the variable and the problem (never its value,
// since several are secrets).
import { z } from "zod";
import { isPasswordHash } from "./auth/password-hash";

const KEY_PAIR = /^([^:,\s]+):([^,\s]+)$/;
// name:hash, or name:hash:role. A hash made by auth:hash has no colon in it.
const USER_ENTRY = /^([A-Za-z0-9._-]{1,64}):([^\s:]+)(?::(\S+))?$/;

// viewer: sees everything; operator: may also submit retries to the vendor.
export const ROLES = ["viewer", "operator"] as const;
export type Role = (typeof ROLES)[number];
export type Account = { hash: string; role: Role };

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const httpUrl = (what: string) =>
  optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: `must be an http(s) URL (${what})` })
      .optional(),
  );

const callbackKeys = optionalText.transform((value, ctx) => {
  const pairs = new Map<string, string>();
  if (value === undefined) return pairs;
  value.split(",").forEach((entry, index) => {
    const match = KEY_PAIR.exec(entry.trim());
    if (!match?.[1] || !match[2]) {
      ctx.addIssue({ code: "custom", message: `entry ${index + 1} is not AccessKey:SecretKey` });
      return;
    }
    if (pairs.has(match[1])) {
      ctx.addIssue({ code: "custom", message: `AccessKey "${match[1]}" appears twice` });
      return;
    }
    pairs.set(match[1], match[2]);
  });
  return pairs;
});

const dashboardUsers = optionalText.transform((value, ctx) => {
  const users = new Map<string, Account>();
  if (value === undefined) return users;
  value.split(",").forEach((entry, index) => {
    const match = USER_ENTRY.exec(entry.trim());
    if (!match?.[1] || !match[2]) {
      ctx.addIssue({ code: "custom", message: `entry ${index + 1} is not name:passwordhash or name:passwordhash:role` });
      return;
    }
    const role = match[3] ?? "viewer";
    if (!(ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({ code: "custom", message: `the role of "${match[1]}" is "${role}"; it must be one of ${ROLES.join(", ")}` });
      return;
    }
    if (!isPasswordHash(match[2])) {
      ctx.addIssue({ code: "custom", message: `the hash for "${match[1]}" is not one made by npm run --silent auth:hash` });
      return;
    }
    if (users.has(match[1])) {
      ctx.addIssue({ code: "custom", message: `user "${match[1]}" appears twice` });
      return;
    }
    users.set(match[1], { hash: match[2], role: role as Role });
  });
  return users;
});

const milliseconds = (fallback: number, minimum = 1) =>
  optionalText.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (Number.isInteger(parsed) && parsed >= minimum) return parsed;
    ctx.addIssue({ code: "custom", message: `must be a whole number of milliseconds, at least ${minimum}` });
    return z.NEVER;
  });

const count = (fallback: number, maximum: number) =>
  optionalText.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (Number.isInteger(parsed) && parsed >= 1 && parsed <= maximum) return parsed;
    ctx.addIssue({ code: "custom", message: `must be a whole number from 1 to ${maximum}` });
    return z.NEVER;
  });

const flag = (fallback: boolean) =>
  optionalText.transform((value, ctx) => {
    if (value === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    if (/^(false|0|no|off)$/i.test(value)) return false;
    ctx.addIssue({ code: "custom", message: "must be true or false" });
    return z.NEVER;
  });

const days = (fallback: number) =>
  optionalText.transform((value, ctx) => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (Number.isInteger(parsed) && parsed >= 0 && parsed <= 36_500) return parsed;
    ctx.addIssue({ code: "custom", message: "must be a whole number of days (0 keeps everything)" });
    return z.NEVER;
  });

const MINUTE = 60_000;

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
      .optional(),
  ),
  DATA_DIR: optionalText.transform((value) => value ?? ".data"),
  // Below the 30–60 s idle cut-offs of PgBouncer, cloud load balancers and NAT gateways,
  // so the pool closes an idle link before the network drops it under a query.
  DATABASE_POOL_MAX: count(10, 500),
  DATABASE_POOL_IDLE_MS: milliseconds(10_000, 100),
  SHUTDOWN_GRACE_MS: milliseconds(10_000, 100),
  FMGR_MGR_DOMAIN: httpUrl("the vendor's management domain, e.g. http://mgr.example.com"),
  FMGR_CALLBACK_KEYS: callbackKeys,
  FMGR_CALLBACK_URL: httpUrl("the notifyURL registered with the vendor"),
  // Management credentials, for submitting retries to the vendor; both or neither.
  FMGR_MGR_ACCESS_KEY: optionalText.pipe(z.string().regex(/^[^\s:]+$/, "must not contain spaces or colons").optional()),
  FMGR_MGR_SECRET_KEY: optionalText,
  DASHBOARD_USERS: dashboardUsers,
  SESSION_SECRET: optionalText.pipe(
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  SESSION_MAX_AGE_HOURS: count(12, 24 * 30),
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  PORT: optionalText.transform((value, ctx) => {
    if (value === undefined) return 3000;
    const port = Number(value);
    if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
    ctx.addIssue({ code: "custom", message: "must be a whole number from 1 to 65535" });
    return z.NEVER;
  }),
  FMGR_LOOKUP_TIMEOUT_MS: milliseconds(10_000, 100),
  FMGR_LOOKUP_CONCURRENCY: count(4, 64),
  FMGR_REFRESH_REUSE_MS: milliseconds(5_000, 0),
  PROJECTOR_ENABLED: flag(true),
  RECONCILER_ENABLED: flag(true),
  RECONCILER_INTERVAL_MS: milliseconds(MINUTE, 100),
  RECONCILER_STALE_AFTER_MS: milliseconds(10 * MINUTE, 100),
  RECONCILER_MAX_BACKOFF_MS: milliseconds(6 * 60 * MINUTE, 100),
  RECONCILER_MAX_AGE_MS: milliseconds(7 * 24 * 60 * MINUTE, 100),
  RECONCILER_BATCH: count(50, 1000),
  // A running task with no news (no callback, no change) for this long is "stuck" in
  // Needs attention.
  ATTENTION_STUCK_AFTER_MS: milliseconds(60 * MINUTE, 1_000),
  ALERT_WEBHOOK_URL: httpUrl("an incoming webhook, e.g. Slack's"),
  ALERT_INTERVAL_MS: milliseconds(10_000, 100),
  PUBLIC_URL: httpUrl("the dashboard's address as people open it, for links in alerts"),
  RETENTION_EVENTS_DAYS: days(90),
  RETENTION_REJECTED_DAYS: days(30),
  RETENTION_INTERVAL_MS: milliseconds(60 * MINUTE, 100),
  RETENTION_BATCH: count(5_000, 100_000),
  BENCH_ROUTES: flag(false),
  LOG_LEVEL: optionalText.pipe(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
}).superRefine((env, ctx) => {
  if ((env.FMGR_MGR_ACCESS_KEY === undefined) !== (env.FMGR_MGR_SECRET_KEY === undefined)) {
    const missing = env.FMGR_MGR_ACCESS_KEY === undefined ? "FMGR_MGR_ACCESS_KEY" : "FMGR_MGR_SECRET_KEY";
    ctx.addIssue({ code: "custom", path: [missing], message: "must be set together with the other management credential, or neither" });
  }

});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
  );
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
