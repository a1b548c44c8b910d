// npm run demo: plays a realistic mix of Fmgr tasks into a running app, through the fake
// vendor, so a newcomer sees a living dashboard. Start the app with the demo's settings:
//
//   FMGR_CALLBACK_KEYS=AK_demo:SK_demo_secret FMGR_MGR_DOMAIN=http://127.0.0.1:4010 npm start
//   npm run demo -- [--app http://127.0.0.1:3000] [--tasks 40] [--pace 300]
//
// Keys and the notifyURL are read from the same variables as the app's when set.
import { FakeVendor, makeScenario, seededRandom, separateNotifications } from "./fake-vendor";

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
  }
  console.log(`Done: ${tally.delivered} callbacks accepted, ${tally.refused} refused, ${tally.lost} deliberately lost, ${tally.running} tasks left running.`);
  console.log("The fake vendor keeps answering lookups; stop it with Ctrl-C.");
  process.on("SIGINT", () => void vendor.close().then(() => process.exit(0)));
}

void main();
