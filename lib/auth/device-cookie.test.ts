import { describe, expect, it } from "vitest";
import { makeDeviceToken, readDeviceToken } from "./device-cookie";

const SECRET = "s".repeat(32);

describe("device tokens", () => {
  it("name the user they were made for, in lower case, with a nonce of their own", () => {
    const first = readDeviceToken(makeDeviceToken("Alice", SECRET), SECRET);
    const second = readDeviceToken(makeDeviceToken("alice", SECRET), SECRET);
    expect(first?.user).toBe("alice");
    expect(first?.nonce).toHaveLength(22);
    expect(first?.nonce).not.toBe(second?.nonce);
  });

  it("are refused when forged, altered, or made with another secret", () => {
    const token = makeDeviceToken("alice", SECRET);
    const [payload, signature] = token.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ u: "admin", n: "a".repeat(22) })).toString("base64url");
    expect(readDeviceToken(`${forgedPayload}.${signature}`, SECRET)).toBeUndefined();
    expect(readDeviceToken(`${payload}.${signature?.slice(1)}`, SECRET)).toBeUndefined();
    expect(readDeviceToken(token, "o".repeat(32))).toBeUndefined();
    for (const junk of [undefined, "", ".", "x.y", "a".repeat(600)]) expect(readDeviceToken(junk, SECRET)).toBeUndefined();
  });
});
