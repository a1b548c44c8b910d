import { drive, steadyLoad } from "./ingest";
const [mode, url, a, seconds, path] = process.argv.slice(2);
const ledger = { sent: new Set<string>(), answered: new Set<string>() };
const target = { name: "x", url: url!, path: path ?? "/api/fmgr/callback", stop: async () => {} };
const run = Math.random().toString(16).slice(2, 8);
const result = mode === "steady" ? await steadyLoad(target, { rate: Number(a), seconds: Number(seconds), run, ledger }) : await drive(target, { connections: Number(a), seconds: Number(seconds), run, ledger });
console.log(JSON.stringify({ rps: Math.round(result.rps), errors: result.errors, p50: Math.round(result.p50), p99: Math.round(result.p99) }));
