import { describe, expect, it } from "vitest";
import { credentialTag, sealSession, unsealSession } from "./session-cookie";

const SECRET = "s".repeat(32);
const OTHER = "o".repeat(32);
const HOUR = 3600;

const session = () => ({ user: "alice", credential: credentialTag("scrypt$hash"), signedInAt: Date.now(), sid: "s".repeat(32) });

describe("session cookie", () => {
  it("opens what it sealed", async () => {
    const data = session();
    expect(await unsealSession(await sealSession(data, SECRET, HOUR), SECRET, HOUR)).toEqual(data);
  });

  it("refuses a seal made with another secret", async () => {
    expect(await unsealSession(await sealSession(session(), OTHER, HOUR), SECRET, HOUR)).toBeUndefined();
  });

  it("refuses a seal with any character changed", async () => {
    const seal = await sealSession(session(), SECRET, HOUR);
    for (const position of [5, Math.floor(seal.length / 2), seal.length - 3]) {
      const flipped = seal.slice(0, position) + (seal[position] === "a" ? "b" : "a") + seal.slice(position + 1);
      expect(await unsealSession(flipped, SECRET, HOUR)).toBeUndefined();
    }
  });

  it("refuses a session older than the maximum age", async () => {
    const data = { ...session(), signedInAt: Date.now() - 2 * HOUR * 1000 };
    expect(await unsealSession(await sealSession(data, SECRET, 3 * HOUR), SECRET, HOUR)).toBeUndefined();
  });

  it.each([undefined, "", "garbage", "Fe26.2*1*x*y*z", "x".repeat(5000)])("refuses %j", async (value) => {
    expect(await unsealSession(value, SECRET, HOUR)).toBeUndefined();
  });

  it("tags a credential without revealing it, and differently for each hash", () => {
    expect(credentialTag("scrypt$a")).toHaveLength(22);
    expect(credentialTag("scrypt$a")).not.toBe(credentialTag("scrypt$b"));
    expect(credentialTag("scrypt$a")).not.toContain("scrypt");
  });
});
