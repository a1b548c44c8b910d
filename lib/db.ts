import "server-only";
import { createAdapterFactory, resolveDatabaseTarget } from "./database-target";
import { getEnv } from "./env";
import { PrismaClient } from "./generated/prisma/client";

// One client per process. Next.js may evaluate this module once per route bundle and
// again on every hot reload, so the instance lives on globalThis; creating it lazily
// keeps `next build` from opening a database.
const holder = globalThis as unknown as { fmgrPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  holder.fmgrPrisma ??= new PrismaClient({
    adapter: createAdapterFactory(resolveDatabaseTarget(getEnv())),
  });
  return holder.fmgrPrisma;
}
