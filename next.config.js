/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // .next/standalone: the server and only the node_modules it uses, for the Dockerfile.
  output: "standalone",
  // Loaded by path at run time (prisma/schema-engine.ts), so file tracing cannot see it.
  outputFileTracingIncludes: {
    "/*": ["./node_modules/@prisma/schema-engine-wasm/**/*"],
  },
  // proxy.ts sets the security headers on everything it sees; build files skip the proxy,
  // so they get the ones that matter for them here.
  async headers() {
    return [
      {
        source: "/_next/static/:path*",
        headers: [
          { key: "x-content-type-options", value: "nosniff" },
          { key: "referrer-policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
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
