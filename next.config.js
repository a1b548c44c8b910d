/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // These load WebAssembly or native files at run time; the bundler must leave them be.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "@prisma/adapter-pg",
    "pg",
    "pino",
  ],
};

export default nextConfig;
