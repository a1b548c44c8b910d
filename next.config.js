/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // scripts/serve.mjs compresses instead, and not the JSON API (docs/decisions/005).
  compress: false,
  // .next/standalone: the server and only the node_modules it uses, for the Dockerfile.
  output: "standalone",
  // Loaded by path at run time (prisma/schema-engine.ts), so file tracing cannot see it.
  outputFileTracingIncludes: {
    "/*": ["./node_modules/@prisma/schema-engine-wasm/**/*"],
  },
  // These load WebAssembly or native files at run time; the bundler must leave them be.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "rate-limiter-flexible",
  ],
};

export default nextConfig;
