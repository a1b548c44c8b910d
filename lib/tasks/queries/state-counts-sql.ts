// The state counts' query, apart from its execution so that the benchmark can EXPLAIN
// exactly what the app runs: at most 16 rows per state, however many tasks there are.
import { Prisma } from "@/lib/generated/prisma/client";

export const STATE_COUNTS_SQL = Prisma.sql`SELECT state, sum(count)::bigint AS count FROM task_state_counts GROUP BY state`;
