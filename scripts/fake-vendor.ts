// The fake vendor: importable by tests (FakeVendor, deliverCallback, scenarios), and
// runnable on its own: `npx tsx scripts/fake-vendor.ts [--port 4010]` serves
// /fmgr/status and the /_control/* endpoints until stopped.
import { pathToFileURL } from "node:url";
import { FakeVendor } from "./fake-vendor/server";

export * from "./fake-vendor/callbacks";
export * from "./fake-vendor/scenarios";
export * from "./fake-vendor/server";

async function main(): Promise<void> {
  const portFlag = process.argv.indexOf("--port");
  const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 4010;
  const vendor = await FakeVendor.start({ port });
  console.log(`Fake vendor serving ${vendor.url}/fmgr/status (control: POST /_control/tasks, POST /_control/behavior)`);
  const stop = () => void vendor.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
