// npm run demo: plays a realistic mix of Fmgr tasks into a running app, through the fake
// vendor, so a newcomer sees a living dashboard, and ends by retrying a task's failed
// items at the fake vendor, which runs them and calls back. Start the app with the
// demo's settings (the account's keys sign callbacks and submissions alike):
//
//   FMGR_CALLBACK_KEYS=AK_demo:SK_demo_secret FMGR_MGR_ACCESS_KEY=AK_demo FMGR_MGR_SECRET_KEY=SK_demo_secret \
//   FMGR_MGR_DOMAIN=http://127.0.0.1:4010 FMGR_CALLBACK_URL=http://127.0.0.1:3000/api/fmgr/callback npm start
//   DEMO_USER=admin DEMO_PASSWORD=<the password printed at first start> npm run demo -- [--app URL] [--tasks 40] [--pace 300]
//
// Keys and the notifyURL are read from the same variables as the app's when set. The
// retry needs an operator's name and password (DEMO_USER, DEMO_PASSWORD).
import { FakeVendor, makeScenario, seededRandom, separateNotifications } from "./fake-vendor";
import { signInOverHttp } from "./test-support/sign-in-over-http";

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const appUrl = flag("app", "http://127.0.0.1:3000").replace(/\/+$/, "");
const taskCount = Number(flag("tasks", "40"));
const paceMs = Number(flag("pace", "300"));
const vendorPort = Number(flag("port", "4010"));
const [accessKey = "AK_demo", secretKey = "SK_demo_secret"] = (process.env.FMGR_CALLBACK_KEYS ?? "AK_demo:SK_demo_secret").split(",")[0]?.split(":") ?? [];
const notifyUrl = process.env.FMGR_CALLBACK_URL ?? `${appUrl}/api/fmgr/callback`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const vendor = await FakeVendor.start({ port: vendorPort });
  vendor.credentials = { accessKey, secretKey };
  const withFailures: string[] = [];
  console.log(`Fake vendor on ${vendor.url}; callbacks go to ${notifyUrl} signed with ${accessKey}`);
  const random = seededRandom(Number(flag("seed", String(Date.now() % 100_000))));
  const tally = { delivered: 0, refused: 0, lost: 0, running: 0 };

  for (let n = 0; n < taskCount; n++) {
    const scenario = makeScenario(random);
    vendor.setTask(scenario.task);
    let notifications = scenario.separate ? separateNotifications(scenario.task) : [{ ...scenario.task, code: scenario.outcome === "succeeded" ? 3 : 2 }];
    if (scenario.outcome === "processing") {
      // Only the finished items are notified; the vendor keeps the rest running.
      notifications = separateNotifications({ ...scenario.task, items: scenario.task.items.filter((item) => item.code !== 1) }).map((doc) => ({ ...doc, code: 1 }));
      tally.running++;
    } else if (scenario.separate && random() < 0.15) {
      // A lost last notification: the vendor says "notified", the app never heard it.
      notifications = notifications.slice(0, -1);
      tally.lost++;
    }
    for (const document of notifications) {
      const report = await vendor.deliverCallback({ notifyUrl, accessKey, secretKey, document, retryDelaysMs: [0, 0, 0] });
      if (report.delivered) tally.delivered++;
      else {
        tally.refused++;
        console.warn(`  callback for ${scenario.task.id} not accepted: ${report.attempts.map((a) => a.status ?? a.error).join(", ")}`);
      }
      await sleep(paceMs);
    }
    console.log(`${String(n + 1).padStart(3)}/${taskCount} ${scenario.task.id} ${scenario.outcome}${scenario.separate ? " (separate)" : ""}, ${scenario.task.items.length} item(s)`);
    if (scenario.outcome === "partial" || scenario.outcome === "failed") withFailures.push(scenario.task.id);
  }
  console.log(`Done: ${tally.delivered} callbacks accepted, ${tally.refused} refused, ${tally.lost} deliberately lost, ${tally.running} tasks left running.`);
  await retryOne(withFailures);
  console.log("The fake vendor keeps answering lookups; stop it with Ctrl-C.");
  process.on("SIGINT", () => void vendor.close().then(() => process.exit(0)));
}

// The last act: an operator retries one task's failed items; the fake vendor runs them
// (this time they succeed) and calls back, and the new task is followed to its end.
async function retryOne(candidates: string[]): Promise<void> {
  const user = process.env.DEMO_USER;
  const password = process.env.DEMO_PASSWORD;
  if (!user || !password) {
    console.log("Set DEMO_USER and DEMO_PASSWORD (an operator) to end the demo with a retry at the vendor.");
    return;
  }
  const signedIn = await signInOverHttp(appUrl, { name: user, password });
  if (!signedIn.cookie) throw new Error(`signing in as ${user} failed (HTTP ${signedIn.status})`);
  for (const id of candidates) {
    const response = await fetch(`${appUrl}/api/tasks/${id}/retry`, { method: "POST", headers: { cookie: signedIn.cookie, origin: appUrl, "content-type": "application/json" }, body: JSON.stringify({ copyOrMove: "copy" }) });
    const answer = (await response.json()) as { submitted?: { persistentId: string | null; op: string; items: number; outcome: string }[]; error?: { message: string } };
    const child = answer.submitted?.find((entry) => entry.outcome === "submitted");
    if (!child?.persistentId) {
      console.log(`  retry of ${id}: ${answer.error?.message ?? response.status}`);
      continue;
    }
    console.log(`Retried ${child.items} failed ${child.op} item(s) of ${id} as ${child.persistentId}; waiting for its callback…`);
    for (let wait = 0; wait < 60; wait++) {
      const detail = (await (await fetch(`${appUrl}/api/tasks/${child.persistentId}`, { headers: { cookie: signedIn.cookie } })).json()) as { task?: { state: string } };
      if (detail.task?.state === "succeeded") {
        console.log(`The retry succeeded: ${appUrl}/tasks/${child.persistentId}`);
        return;
      }
      await sleep(500);
    }
    console.log(`The retry ${child.persistentId} has not finished yet; see ${appUrl}/tasks/${child.persistentId}`);
    return;
  }
  console.log("No task of this run had failed items to retry.");
}

void main();
