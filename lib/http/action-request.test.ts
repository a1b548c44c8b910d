import { describe, expect, it } from "vitest";
import { actionRequestRefusal } from "./action-request";

const post = (body: BodyInit | null, headers: Record<string, string> = { "next-action": "abc" }) => new Request("http://app.test/tasks", { method: "POST", body, headers });

describe("actionRequestRefusal", () => {
  it("lets through what React sends for a form action", async () => {
    const form = new FormData();
    form.set("0", '[{"status":"idle"},"$K1"]');
    form.set("1_persistentId", "abc");
    expect(await actionRequestRefusal(post(form))).toBeUndefined();
  });

  it("lets through an action that uses no form: its arguments as JSON text", async () => {
    expect(await actionRequestRefusal(post("[]"))).toBeUndefined();
    expect(await actionRequestRefusal(post('["$undefined"]'))).toBeUndefined();
  });

  it("ignores requests that are not action calls", async () => {
    expect(await actionRequestRefusal(post("anything", {}))).toBeUndefined();
    expect(await actionRequestRefusal(new Request("http://app.test/tasks", { headers: { "next-action": "abc" } }))).toBeUndefined();
  });

  it.each([
    ["a text body", "hello"],
    ["broken JSON", "["],
    ["JSON that is not a list", '{"a":1}'],
    ["no body", null],
  ])("refuses %s", async (_name, body) => {
    expect(await actionRequestRefusal(post(body))).toMatch(/not what this app's pages send/);
  });

  it("refuses a form without React's arguments", async () => {
    const form = new FormData();
    form.set("persistentId", "abc");
    expect(await actionRequestRefusal(post(form))).toMatch(/not what this app's pages send/);
    form.set("0", "{not json");
    expect(await actionRequestRefusal(post(form))).toMatch(/not what this app's pages send/);
  });
});
