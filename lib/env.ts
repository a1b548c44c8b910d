// The one place that reads process.env. Every variable of SPEC section 5 is validated
// here, at start, and a bad value names the variable and the problem (never its value,
// since several are secrets).
import { z } from "zod";

const KEY_PAIR = /^([^:,\s]+):([^,\s]+)$/;
const USER_ENTRY = /^([A-Za-z0-9._-]{1,64}):(\S+)$/;

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
  const users = new Map<string, string>();
  if (value === undefined) return users;
  value.split(",").forEach((entry, index) => {
    const match = USER_ENTRY.exec(entry.trim());
    if (!match?.[1] || !match[2]) {
      ctx.addIssue({ code: "custom", message: `entry ${index + 1} is not name:passwordhash` });
      return;
    }
    users.set(match[1], match[2]);
  });
  return users;
});

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
      .optional(),
  ),
  DATA_DIR: optionalText.transform((value) => value ?? ".data"),
  FMGR_MGR_DOMAIN: httpUrl("the vendor's management domain, e.g. http://mgr.example.com"),
  FMGR_CALLBACK_KEYS: callbackKeys,
  FMGR_CALLBACK_URL: httpUrl("the notifyURL registered with the vendor"),
  DASHBOARD_USERS: dashboardUsers,
  SESSION_SECRET: optionalText.pipe(
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  PORT: optionalText.transform((value, ctx) => {
    if (value === undefined) return 3000;
    const port = Number(value);
    if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
    ctx.addIssue({ code: "custom", message: "must be a whole number from 1 to 65535" });
    return z.NEVER;
  }),
  LOG_LEVEL: optionalText.pipe(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
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
