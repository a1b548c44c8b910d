import { describe, expect, it } from "vitest";
import { hashPassword, isPasswordHash, parsePasswordHash, verifyAgainstDecoy, verifyPassword } from "./password-hash";

const CHEAP = { log2N: 10, r: 8, p: 1 };

describe("password hashes", () => {
  it("verifies the password it was made from, and nothing else", async () => {
    const hash = await hashPassword("correct horse battery staple", CHEAP);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same", CHEAP), hashPassword("same", CHEAP)]);
    expect(a).not.toBe(b);
  });

  it("defaults to scrypt N=2^15, r=8, p=1, in a form that fits DASHBOARD_USERS", async () => {
    const hash = await hashPassword("pw");
    expect(hash).toMatch(/^scrypt\$15\$8\$1\$/);
    expect(hash).not.toMatch(/[:,\s]/);
    expect(parsePasswordHash(hash)).toMatchObject({ log2N: 15, r: 8, p: 1 });
  });

  it("treats composed and decomposed accents as the same password", async () => {
    const hash = await hashPassword("caf\u00e9", CHEAP);
    expect(await verifyPassword("cafe\u0301", hash)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["plain text", "hunter2"],
    ["a bcrypt hash", "$2b$10$abcdefghijklmnopqrstuuJ3CjsT3T9s3V6hM0h0t1t2t3t4t5t6"],
    ["a cost that would need gigabytes", "scrypt$30$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a short key", "scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAA"],
  ])("refuses %s as a hash", async (_label, encoded) => {
    expect(isPasswordHash(encoded)).toBe(false);
    expect(await verifyPassword("hunter2", encoded)).toBe(false);
  });

  it("checks unknown users against a decoy", async () => {
    expect(await verifyAgainstDecoy("anything")).toBe(false);
  });
});
