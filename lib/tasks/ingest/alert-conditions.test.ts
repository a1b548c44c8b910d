import { describe, expect, it } from "vitest";
import { alertConditionsFor, alertMessage, escapeSlackText } from "./alert-conditions";

const quiet = { wasCallbackMissing: false, isCallbackMissing: false };

describe("alertConditionsFor", () => {
  it.each([
    ["processing", "failed", ["failed"]],
    ["pending", "partial", ["partial"]],
    ["processing", "succeeded", []],
    ["failed", "failed", []],
    ["partial", "partial", []],
  ] as const)("%s → %s raises %j", (stateBefore, stateAfter, expected) => {
    expect(alertConditionsFor({ stateBefore, stateAfter, ...quiet })).toEqual(expected);
  });

  it("raises callback_missing when the mark appears, not while it stays", () => {
    expect(alertConditionsFor({ stateBefore: "succeeded", stateAfter: "succeeded", wasCallbackMissing: false, isCallbackMissing: true })).toEqual(["callback_missing"]);
    expect(alertConditionsFor({ stateBefore: "succeeded", stateAfter: "succeeded", wasCallbackMissing: true, isCallbackMissing: true })).toEqual([]);
  });
});

describe("alertMessage", () => {
  it("names the task, links it when the dashboard's address is known, and keeps vendor text inert", () => {
    const message = alertMessage({
      condition: "failed",
      persistentId: "ff80<!channel>",
      state: "failed",
      itemCount: 3,
      failedCount: 2,
      desc: "<!here> & <https://evil.example|click>",
      taskUrl: "https://ops.example.com/tasks/ff80",
    });
    expect(message.text).toBe(
      "Fmgr task <https://ops.example.com/tasks/ff80|ff80&lt;!channel&gt;> ended failed (2 of 3 item(s) failed): &lt;!here&gt; &amp; &lt;https://evil.example|click&gt;",
    );
    expect(message.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: message.text } }]);
  });

  it("escapes the three characters Slack reads as markup", () => {
    expect(escapeSlackText("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });
});
