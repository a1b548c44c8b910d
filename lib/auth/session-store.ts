import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { processGlobal } from "@/lib/process-global";

// Sessions the server can end. The cookie is still a sealed, self-checking token, but it
// names a row here, and a revoked or expired row ends it on the next request. The check
// is cached per session for at most LIVE_CACHE_MS, so a busy page costs one indexed
// lookup a second, not one per request; a revocation reaches every instance within it.
export const LIVE_CACHE_MS = 1_000;
const CACHE_LIMIT = 10_000;

export type ActiveSession = { id: string; createdAt: string; expiresAt: string; address: string; userAgent: string };

// What the row said, and when it was read; null for no row.
type CachedRow = { row: { userName: string; expiresAt: Date; revokedAt: Date | null } | null; readAt: number };
const liveCache = () => processGlobal("sessionLiveCache", () => new Map<string, CachedRow>());

export async function createSession(options: { user: string; address: string; userAgent: string; expiresAt: Date }): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await getDb().dashboardSession.create({
    data: { id, userName: options.user, expiresAt: options.expiresAt, address: options.address.slice(0, 64), userAgent: options.userAgent.slice(0, 400) },
  });
  return id;
}

export async function isSessionLive(id: string, user: string, now = Date.now()): Promise<boolean> {
  let cached = liveCache().get(id);
  if (!cached || now - cached.readAt >= LIVE_CACHE_MS) {
    const row = await getDb().dashboardSession.findUnique({ where: { id }, select: { userName: true, expiresAt: true, revokedAt: true } });
    if (liveCache().size >= CACHE_LIMIT) liveCache().clear();
    cached = { row, readAt: now };
    liveCache().set(id, cached);
  }
  const { row } = cached;
  return row !== null && row.userName === user && row.revokedAt === null && row.expiresAt.getTime() > now;
}

export async function revokeSession(id: string): Promise<void> {
  await getDb().dashboardSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  liveCache().delete(id);
}

// "Sign out everywhere": every session of the user, this one included.
export async function revokeAllSessions(user: string): Promise<number> {
  const { count } = await getDb().dashboardSession.updateMany({ where: { userName: user, revokedAt: null }, data: { revokedAt: new Date() } });
  liveCache().clear();
  return count;
}

export async function listActiveSessions(user: string, now = new Date()): Promise<ActiveSession[]> {
  const rows = await getDb().dashboardSession.findMany({
    where: { userName: user, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, createdAt: true, expiresAt: true, address: true, userAgent: true },
  });
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString() }));
}
