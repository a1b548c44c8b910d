// The projector's thread (lib/tasks/projection/projector-thread.ts) runs outside Next.js's
// bundle, as a worker the app starts. This bundles our code for it into one file beside
// the build (.next/fmgr/projector-thread.mjs), with the packages that Next.js bundles into
// its own server code (zod, lossless-json): the standalone output has no copy of those.
// The ones Next.js keeps external (pg, pino, Prisma's runtime) stay imports, resolved from
// node_modules as the server's own are.
// Run by `npm run build`, after `next build` (which empties .next).
import { build } from "esbuild";

await build({
  entryPoints: ["lib/tasks/projection/projector-thread.ts"],
  outfile: ".next/fmgr/projector-thread.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  external: ["pg", "pino", "@prisma/client", "@prisma/client/*"],
  logLevel: "warning",
});
