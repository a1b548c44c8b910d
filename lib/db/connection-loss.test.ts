import { describe, expect, it } from "vitest";
import { isConnectionLost } from "./connection-loss";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("isConnectionLost", () => {
  it("recognises a link that died, however pg or the adapter reports it", () => {
    expect(isConnectionLost(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isConnectionLost(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
    expect(isConnectionLost(withCode("read ECONNRESET", "ECONNRESET"))).toBe(true);
    expect(isConnectionLost(withCode("terminating connection due to administrator command", "57P01"))).toBe(true);
    expect(isConnectionLost(withCode("connection failure", "08006"))).toBe(true);
    expect(isConnectionLost(new Error("query failed", { cause: new Error("Connection terminated") }))).toBe(true);
  });

  it("leaves a failing statement alone", () => {
    expect(isConnectionLost(withCode('relation "tasks" does not exist', "42P01"))).toBe(false);
    expect(isConnectionLost(withCode("duplicate key value violates unique constraint", "23505"))).toBe(false);
    expect(isConnectionLost(withCode("canceling statement due to statement timeout", "57014"))).toBe(false);
    expect(isConnectionLost("a string")).toBe(false);
  });
});

describe("isConnectionLost, through Prisma's pg adapter", () => {
  it("reads the adapter's cause", () => {
    expect(isConnectionLost(new Error("adapter error", { cause: { kind: "ConnectionClosed" } }))).toBe(true);
    expect(isConnectionLost(new Error("adapter error", { cause: { kind: "UniqueConstraintViolation" } }))).toBe(false);
  });
});
