import { describe, expect, it } from "vitest";
import { pastedPersistentId, persistentIdCandidates } from "./pasted-id";

const ID = "ff80808149deceff014a7090b6700000";

describe("pastedPersistentId", () => {
  it.each([
    [ID, ID],
    [`  "${ID}" `, ID],
    [`persistentId: ${ID}`, ID],
    [`https://monitor.example.com/tasks/${ID}`, ID],
    [`https://monitor.example.com/tasks/${ID}?items=failed#items-heading`, ID],
    [`http://mgr.example.com/fmgr/status?persistentId=${ID}`, ID],
    [`https://api.example.com/fmgr/status?persistentId=${encodeURIComponent(ID)}&x=1`, ID],
  ])("finds the id in %j", (text, id) => {
    expect(pastedPersistentId(text)).toBe(id);
  });

  it.each(["404 Not Found", "javascript:alert(1)", "https://example.com/other/page", `ftp://x/tasks/${ID}`, "https://x/fmgr/status?persistentId=<b>"])(
    "finds none in %j",
    (text) => {
      expect(pastedPersistentId(text)).toBeNull();
    },
  );
});

describe("persistentIdCandidates", () => {
  it("picks the id-like words out of a ticket line, addresses included", () => {
    expect(persistentIdCandidates(`Task ${ID} failed at 03:12, see https://m.example.com/tasks/ff8080810000000000000001.`)).toEqual([
      ID,
      "ff8080810000000000000001",
    ]);
  });

  it("ignores short words", () => {
    expect(persistentIdCandidates("banner_011 failed with 404 Not Found")).toEqual([]);
  });
});
