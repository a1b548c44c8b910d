import { describe, expect, it } from "vitest";
import { alertMessage, escapeSlackText } from "./alert-message";

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
