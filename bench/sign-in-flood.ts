// A sign-in flood against a signed-in API: 150 failed sign-ins at once, with fresh names
// (so each is checked against the full-cost decoy hash) from forged addresses, while a
// signed-in GET /api/task-counts is timed one request after another. Compared with the
// same API's idle p50 in the same run. Prints; asserts nothing.
import { startAppServer } from "../scripts/test-support/app-server";
import { hiddenInputs } from "../scripts/test-support/sign-in-over-http";
import { recreateDatabase } from "../scripts/test-support/test-database";
import { summarize } from "./stats";

const FLOOD = 150;

async function timedApi(fetchApi: () => Promise<Response>): Promise<number> {
  const started = performance.now();
  const response = await fetchApi();
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`the timed API answered ${response.status}`);
  return performance.now() - started;
}

export async function measureSignInFlood({ log }: { log: (line: string) => void }): Promise<void> {
  const db = await recreateDatabase("fmgr_bench_flood");
  const app = await startAppServer({ DATABASE_URL: db.url, RECONCILER_ENABLED: "false", LOG_LEVEL: "error" });
  try {
    const api = () => app.signedInFetch("/api/task-counts");
    for (let n = 0; n < 20; n++) await timedApi(api);
    const idle: number[] = [];
    for (let n = 0; n < 60; n++) idle.push(await timedApi(api));

    const form = hiddenInputs(await (await fetch(`${app.url}/login`)).text());
    const answers = new Map<string, number>();
    let done = false;
    const flood = Promise.all(
      Array.from({ length: FLOOD }, async (_, n) => {
        const body = new FormData();
        for (const [name, value] of form) body.append(name, value);
        body.append("name", `flood-user-${n}`);
        body.append("password", "not the password");
        const response = await fetch(`${app.url}/login`, { method: "POST", body, redirect: "manual", headers: { "x-forwarded-for": `203.0.113.${n % 250}` } });
        const text = await response.text();
        const key =
          response.status === 429 ? "429 at the gate"
          : text.includes("Too many sign-ins at once") ? "refused by the queue in the form"
          : text.includes("do not match") ? "checked and refused"
          : String(response.status);
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }),
    ).finally(() => (done = true));
    const during: number[] = [];
    while (!done || during.length < 20) during.push(await timedApi(api));
    await flood;
    const [quiet, flooded] = [summarize(idle), summarize(during)];
    log(`  ${FLOOD} failed sign-ins at once (fresh names, forged addresses): ${JSON.stringify(Object.fromEntries(answers))}`);
    log(`  signed-in GET /api/task-counts p50: idle ${quiet.p50.toFixed(1)} ms, during the flood ${flooded.p50.toFixed(1)} ms (${(flooded.p50 / quiet.p50).toFixed(2)}×, target ≤ 2×; p95 ${flooded.p95.toFixed(1)} ms, ${flooded.n} samples)`);
  } finally {
    await app.stop();
    await db.drop();
  }
}
