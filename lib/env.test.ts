import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

// A well-formed hash: parseEnv checks the shape only, never a password.
const HASH = "scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA$" + "A".repeat(43);

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be refused");
}

describe("parseEnv", () => {
  it("starts with nothing configured: embedded database, port 3000, no keys", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe(".data");
    expect(env.PORT).toBe(3000);
    expect(env.FMGR_CALLBACK_KEYS.size).toBe(0);
    expect(env.DASHBOARD_USERS.size).toBe(0);
    expect(env).toMatchObject({ RECONCILER_ENABLED: true, RECONCILER_STALE_AFTER_MS: 600_000, FMGR_LOOKUP_TIMEOUT_MS: 10_000 });
  });

  it("switches the reconciler off", () => {
    expect(parseEnv({ RECONCILER_ENABLED: "false" }).RECONCILER_ENABLED).toBe(false);
    expect(parseEnv({ RECONCILER_ENABLED: "0" }).RECONCILER_ENABLED).toBe(false);
  });

  it("reads a full configuration", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://app@db.internal:5432/fmgr",
      FMGR_MGR_DOMAIN: "http://mgr.example.com",
      FMGR_CALLBACK_KEYS: "AK_one:SK_one, AK_two:SK:two",
      FMGR_CALLBACK_URL: "https://ops.example.com/api/fmgr/callback?env=prod",
      DASHBOARD_USERS: `alice:${HASH},bob:${HASH}:operator`,
      SESSION_SECRET: "x".repeat(32),
      PORT: "8080",
    });
    expect(env.DATABASE_URL).toBe("postgresql://app@db.internal:5432/fmgr");
    expect([...env.FMGR_CALLBACK_KEYS]).toEqual([
      ["AK_one", "SK_one"],
      ["AK_two", "SK:two"],
    ]);
    expect([...env.DASHBOARD_USERS].map(([name, account]) => [name, account.role])).toEqual([
      ["alice", "viewer"],
      ["bob", "operator"],
    ]);
    expect(env.PORT).toBe(8080);
  });

  it("treats an empty value as unset", () => {
    expect(parseEnv({ DATABASE_URL: "  ", FMGR_CALLBACK_KEYS: "" }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["DATABASE_URL", "mysql://root@localhost/db", "DATABASE_URL: must be a postgres:// or postgresql:// connection string"],
    ["FMGR_MGR_DOMAIN", "mgr.example.com", "FMGR_MGR_DOMAIN: must be an http(s) URL"],
    ["FMGR_MGR_DOMAIN", "ftp://mgr.example.com", "FMGR_MGR_DOMAIN: must be an http(s) URL"],
    ["FMGR_CALLBACK_URL", "javascript:alert(1)", "FMGR_CALLBACK_URL: must be an http(s) URL"],
    ["FMGR_CALLBACK_KEYS", "AK_one:SK_one,broken", "FMGR_CALLBACK_KEYS: entry 2 is not AccessKey:SecretKey"],
    ["FMGR_CALLBACK_KEYS", "AK:one,AK:two", 'FMGR_CALLBACK_KEYS: AccessKey "AK" appears twice'],
    ["DASHBOARD_USERS", "alice", "DASHBOARD_USERS: entry 1 is not name:passwordhash or name:passwordhash:role"],
    ["DASHBOARD_USERS", `alice:${HASH}:admin`, 'DASHBOARD_USERS: the role of "alice" is "admin"; it must be one of viewer, operator'],
    ["DASHBOARD_USERS", "alice:hunter2", 'DASHBOARD_USERS: the hash for "alice" is not one made by npm run --silent auth:hash'],
    ["DASHBOARD_USERS", `alice:${HASH},alice:${HASH}`, 'DASHBOARD_USERS: user "alice" appears twice'],
    ["FMGR_MGR_ACCESS_KEY", "AK_mgr", "FMGR_MGR_SECRET_KEY: must be set together with the other management credential, or neither"],
    ["FMGR_MGR_SECRET_KEY", "SK_mgr", "FMGR_MGR_ACCESS_KEY: must be set together with the other management credential, or neither"],
    ["SESSION_SECRET", "too-short", "SESSION_SECRET: must be at least 32 characters"],
    ["PORT", "eighty", "PORT: must be a whole number from 1 to 65535"],
    ["PORT", "70000", "PORT: must be a whole number from 1 to 65535"],
    ["LOG_LEVEL", "loud", "LOG_LEVEL:"],
    ["RECONCILER_ENABLED", "maybe", "RECONCILER_ENABLED: must be true or false"],
    ["RECONCILER_STALE_AFTER_MS", "ten minutes", "RECONCILER_STALE_AFTER_MS: must be a whole number of milliseconds"],
    ["FMGR_LOOKUP_TIMEOUT_MS", "5", "FMGR_LOOKUP_TIMEOUT_MS: must be a whole number of milliseconds, at least 100"],
    ["FMGR_LOOKUP_CONCURRENCY", "0", "FMGR_LOOKUP_CONCURRENCY: must be a whole number from 1 to 64"],
  ])("refuses %s=%s with its name and the problem", (name, value, message) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it("takes the management credentials together, and checks the AccessKey's form", () => {
    expect(parseEnv({ FMGR_MGR_ACCESS_KEY: "AK_mgr", FMGR_MGR_SECRET_KEY: "SK_mgr" })).toMatchObject({ FMGR_MGR_ACCESS_KEY: "AK_mgr", FMGR_MGR_SECRET_KEY: "SK_mgr" });
    expect(problemsOf({ FMGR_MGR_ACCESS_KEY: "AK:mgr", FMGR_MGR_SECRET_KEY: "SK_mgr" })).toEqual(["FMGR_MGR_ACCESS_KEY: must not contain spaces or colons"]);
  });

  it("reports every bad variable at once", () => {
    expect(problemsOf({ PORT: "0", SESSION_SECRET: "short" })).toHaveLength(2);
  });

  it("never repeats a secret in its messages", () => {
    const error = (() => {
      try {
        parseEnv({ FMGR_CALLBACK_KEYS: "AK:TOP-SECRET-VALUE,oops", SESSION_SECRET: "short-secret" });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error("expected a refusal");
    })();
    expect(error.message).not.toContain("TOP-SECRET-VALUE");
    expect(error.message).not.toContain("short-secret");
  });
});
