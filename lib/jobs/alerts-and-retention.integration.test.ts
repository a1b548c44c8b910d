// Alerts and retention in this process, against their own database on the real Postgres,
// with a real HTTP webhook receiver.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { parseTaskDocument } from "@/lib/fmgr/task-document";
import { migrateDatabase } from "@/lib/db/migrate";
import type * as DispatcherModule from "./alert-dispatcher";
import type * as IngestModule from "@/lib/tasks/ingest/ingest-snapshot";
import type * as RetentionModule from "./retention";

const DAY = 24 * 60 * 60 * 1000;
let db: TestDatabase;
let webhook: http.Server;
let received: { text: string }[] = [];
let failuresToSend = 0;
let domain: typeof DispatcherModule & typeof IngestModule & typeof RetentionModule;

beforeAll(async () => {
  db = await createTestDatabase("alerts");
  await migrateDatabase({ kind: "postgres", url: db.url });
  webhook = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      if (failuresToSend > 0) {
        failuresToSend -= 1;
        response.writeHead(500).end("try later");
        return;
      }
      received.push(JSON.parse(body) as { text: string });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/fmgr`;
  // Read once by lib/env.ts, so set before the domain is first loaded.
  Object.assign(process.env, { DATABASE_URL: db.url, ALERT_WEBHOOK_URL: webhookUrl, PUBLIC_URL: "https://ops.example.com", LOG_LEVEL: "silent" });
  domain = { ...(await import("./alert-dispatcher")), ...(await import("@/lib/tasks/ingest/ingest-snapshot")), ...(await import("./retention")) };
});

afterAll(async () => {
  const { getDb } = await import("@/lib/db/client");
  await getDb().$disconnect();
  await new Promise((resolve) => webhook.close(resolve));
  await db?.drop();
});

beforeEach(async () => {
  await queryDatabase(db.url, "TRUNCATE tasks, rejected_callbacks CASCADE");
  received = [];
  failuresToSend = 0;
});

async function ingest(document: Record<string, unknown>, source: "callback" | "lookup" = "callback", receivedAt?: Date) {
  const json = JSON.stringify(document);
  const parsed = parseTaskDocument(json);
  if (!parsed.ok) throw new Error(parsed.message);
  return domain.ingestSnapshot({ document: parsed.document, source, raw: json, json, receivedAt });
}

const item = (code: number, key = "a.txt") => ({ cmd: `bucket/YQ==/key/${Buffer.from(key).toString("base64")}`, code, key });
const later = () => new Date(Date.now() + DAY);

describe("alerts", () => {
  it("are sent once when a task ends failed, however often the news arrives", async () => {
    const failed = { id: "ff80808100000000alert00001", code: 3, desc: "broken", separate: 0, items: [item(20)] };
    await ingest(failed);
    await ingest(failed);
    await ingest({ ...failed, desc: "<!here> still broken" });
    expect(await domain.deliverDueAlerts()).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    expect(await domain.deliverDueAlerts(later())).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toBe(
      "Fmgr task <https://ops.example.com/tasks/ff80808100000000alert00001|ff80808100000000alert00001> ended failed (1 of 1 item(s) failed): &lt;!here&gt; still broken",
    );
  });

  it("are sent for partial and for a missing callback, each once", async () => {
    await ingest({ id: "ff80808100000000alert00002", code: 3, separate: 0, items: [item(6, "a"), item(20, "b")] });
    // The vendor says it notified (lookup code 5), yet no callback ever arrived.
    await ingest({ id: "ff80808100000000alert00003", code: 5, separate: 0, items: [item(6)] }, "lookup");
    await ingest({ id: "ff80808100000000alert00003", code: 5, separate: 0, items: [item(6)] }, "lookup");
    await ingest({ id: "ff80808100000000alert00004", code: 3, separate: 0, items: [item(6)] });
    await domain.deliverDueAlerts();
    expect(received.map((message) => message.text.replace(/^Fmgr task <[^|]+\|([^>]+)> /, "$1 ")).sort()).toEqual([
      "ff80808100000000alert00002 ended partly failed (1 of 2 item(s) failed)",
      "ff80808100000000alert00003 finished at the vendor, but its callback never arrived (0 of 1 item(s) failed)",
    ]);
  });

  it("are retried after a webhook failure, and still sent once", async () => {
    failuresToSend = 1;
    await ingest({ id: "ff80808100000000alert00005", code: 3, separate: 0, items: [item(20)] });
    expect(await domain.deliverDueAlerts()).toEqual({ sent: 0, failed: 1, gaveUp: 0 });
    // Not due again at once: the retry waits.
    expect(await domain.deliverDueAlerts()).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    expect(await domain.deliverDueAlerts(later())).toEqual({ sent: 1, failed: 0, gaveUp: 0 });
    expect(await domain.deliverDueAlerts(later())).toEqual({ sent: 0, failed: 0, gaveUp: 0 });
    expect(received).toHaveLength(1);
    const [row] = await queryDatabase<{ attempts: number; sent_at: Date | null }>(db.url, "SELECT attempts, sent_at FROM task_alerts");
    expect(row).toMatchObject({ attempts: 2 });
    expect(row?.sent_at).not.toBeNull();
  });

  it("are claimed by one dispatcher only when several run at once", async () => {
    for (let n = 0; n < 30; n++) await ingest({ id: `ff80808100000000alertmany${n}`, code: 3, separate: 0, items: [item(20)] });
    const reports = await Promise.all([domain.deliverDueAlerts(), domain.deliverDueAlerts(), domain.deliverDueAlerts()]);
    const second = await domain.deliverDueAlerts();
    expect(reports.reduce((sum, report) => sum + report.sent, 0) + second.sent).toBe(30);
    expect(new Set(received.map((message) => message.text)).size).toBe(30);
    expect(received).toHaveLength(30);
  });
});

describe("retention", () => {
  it("purges events, lookup attempts and rejected callbacks past their age, and keeps tasks and items", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 40 * DAY);
    await ingest({ id: "ff80808100000000retain0001", code: 3, separate: 0, items: [item(6)] }, "callback", old);
    await ingest({ id: "ff80808100000000retain0001", code: 3, separate: 0, items: [item(6)] }, "lookup", now);
    await ingest({ id: "ff80808100000000retain0002", code: 3, separate: 0, items: [item(6)] }, "lookup", old);
    await queryDatabase(
      db.url,
      `INSERT INTO rejected_callbacks (dedupe_key, reason, failed_check, message, method, url, headers, body, body_bytes, first_received_at, last_received_at)
       SELECT md5(n::text), 'unknown_key', 'key', 'm', 'POST', 'http://x', '{}', 'b', 1,
              now() - interval '1 day' * (n * 10), now() - interval '1 day' * (n * 10)
       FROM generate_series(0, 4) AS n`,
    );
    await queryDatabase(
      db.url,
      `INSERT INTO task_lookups (persistent_id, trigger, outcome, message, duration_ms, at)
       SELECT 'ff80808100000000retain0001', 'automatic', 'timeout', 'm', 1, now() - interval '1 day' * (n * 20) FROM generate_series(0, 2) AS n`,
    );
    // The audit trail of retries is never purged, however old.
    await queryDatabase(
      db.url,
      `INSERT INTO retry_submissions (source_task_id, requested_by, op, item_ids, item_count, outcome, created_at)
       SELECT id, 'ops', 'delete', ARRAY[1]::bigint[], 1, 'submitted', now() - interval '4000 days' FROM tasks WHERE persistent_id = 'ff80808100000000retain0001'`,
    );
    const report = await domain.purgeExpired({ eventsDays: 30, rejectedDays: 25, batch: 2 }, now);
    expect((await queryDatabase<{ n: string }>(db.url, "SELECT count(*) AS n FROM retry_submissions"))[0]?.n).toBe("1");
    const lookups = await queryDatabase<{ days: number }>(db.url, "SELECT round(extract(epoch FROM now() - at) / 86400)::int AS days FROM task_lookups ORDER BY 1");
    expect(lookups.map((row) => row.days)).toEqual([0, 20]);
    expect(report).toEqual({ events: 2, rejectedCallbacks: 2 });
    const counts = await queryDatabase<{ tasks: string; items: string; events: string; rejected: string }>(
      db.url,
      "SELECT (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM task_items) AS items, (SELECT count(*) FROM task_events) AS events, (SELECT count(*) FROM rejected_callbacks) AS rejected",
    );
    expect(counts[0]).toEqual({ tasks: "2", items: "2", events: "1", rejected: "3" });
    const ages = await queryDatabase<{ days: number }>(db.url, "SELECT round(extract(epoch FROM now() - last_received_at) / 86400)::int AS days FROM rejected_callbacks ORDER BY 1");
    expect(ages.map((row) => row.days)).toEqual([0, 10, 20]);
  });

  it("keeps everything when an age is 0", async () => {
    await ingest({ id: "ff80808100000000retain0003", code: 3, separate: 0, items: [item(6)] }, "callback", new Date(Date.now() - 400 * DAY));
    expect(await domain.purgeExpired({ eventsDays: 0, rejectedDays: 0, batch: 10 })).toEqual({ events: 0, rejectedCallbacks: 0 });
  });
});
