// Fills a database with a million tasks, about three million items and three million
// events, set-based (one INSERT … SELECT per table), plus one task with 20 items and 50
// events for the detail page, and one with 100,000 items (one in fifty failed) for the
// triage of a huge task. Shapes follow real callbacks: a few items per task, keys under
// per-task folders, states mostly succeeded, the failed tasks' items failed with an error.
import pg from "pg";

export const DETAIL_TASK = "ff808081detail00000000000000000";
export const HUGE_TASK = "ff808081huge0000000000000000000";
export const HUGE_ITEMS = 100_000;

export async function seedReadPath(url: string, tasks: number, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const step = async (label: string, sql: string) => {
    const started = performance.now();
    const result = await client.query(sql);
    log(`  ${label}: ${(result.rowCount ?? 0).toLocaleString("en")} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  try {
    await step(
      "tasks",
      `INSERT INTO tasks (persistent_id, state, callback_code, "desc", separate, ops, item_count, succeeded_count, failed_count,
                          first_seen_at, updated_at, last_activity_at, last_callback_at)
       SELECT 'ff808081' || lpad(to_hex(n), 24, '0'),
              (ARRAY['succeeded','succeeded','succeeded','succeeded','failed','partial','processing','pending']::"TaskState"[])[1 + n % 8],
              3, 'seeded task ' || n, false,
              ARRAY[(ARRAY['fetch','copy_or_move','delete','delete_m3u8','delete_prefix','compress','retention','copy_or_move'])[1 + (n / 7) % 8]],
              3, 3 - (n % 8 = 4)::int * 3, (n % 8 = 4)::int * 3,
              ts, ts, ts, ts
       FROM generate_series(1, ${tasks}) AS n
       CROSS JOIN LATERAL (SELECT timestamptz '2026-01-01' + n * interval '20 seconds' AS ts) AS t`,
    );
    await step(
      "items",
      `INSERT INTO task_items (task_id, index, cmd, cmd_digest, occurrence, op, bucket, key, code, outcome, "desc", error, hash, fsize, url, first_seen_at, updated_at)
       SELECT t.id, i, 'bucket/bWVkaWE=/key/' || encode(convert_to(k, 'UTF8'), 'base64'), md5(t.id || ':' || i) || md5(i || ':' || t.id), 0,
              t.ops[1], 'media', k, CASE WHEN failed THEN 20 ELSE 6 END, CASE WHEN failed THEN 0 ELSE 2 END, 'ok',
              CASE WHEN failed THEN '404 Not Found: http://origin.example.com/object/' || t.id END,
              md5(k), 1048576 * (i + 1), 'http://cdn.example.com/' || k, t.first_seen_at, t.first_seen_at
       FROM tasks t CROSS JOIN generate_series(0, 2) AS i
       CROSS JOIN LATERAL (SELECT t.state = 'failed' AS failed) AS f
       CROSS JOIN LATERAL (SELECT 'videos/' || t.id || '/clip_' || i || '.mp4' AS k) AS kk`,
    );
    await step(
      "events",
      `INSERT INTO task_events (task_id, persistent_id, applied_seq, source, dedupe_key, code, raw, decoded, received_at, last_received_at)
       SELECT t.id, t.persistent_id, 0, 'callback', 'callback:' || md5(t.id || '-' || e) || md5(e || '-' || t.id), 3,
              'eyJpZCI6IiJ9', jsonb_build_object('id', t.persistent_id, 'code', 3, 'items', jsonb_build_array()),
              t.first_seen_at + e * interval '1 second', t.first_seen_at + e * interval '1 second'
       FROM tasks t CROSS JOIN generate_series(0, 2) AS e`,
    );
    await step(
      "detail task",
      `WITH task AS (
         INSERT INTO tasks (persistent_id, state, callback_code, separate, ops, item_count, succeeded_count, first_seen_at, updated_at, last_activity_at)
         VALUES ('${DETAIL_TASK}', 'succeeded', 3, false, ARRAY['copy_or_move'], 20, 20, now(), now(), now()) RETURNING id),
       items AS (
         INSERT INTO task_items (task_id, index, cmd, cmd_digest, occurrence, op, bucket, key, code, hash, fsize, url)
         SELECT task.id, i, 'bucket/bWVkaWE=/key/' || encode(convert_to('detail/' || i, 'UTF8'), 'base64'), md5('d' || i) || md5(i || 'd'), 0,
                'copy_or_move', 'media', 'detail/' || i, 6, md5(i::text), 1000 + i, 'http://cdn.example.com/detail/' || i
         FROM task CROSS JOIN generate_series(0, 19) AS i RETURNING 1)
       INSERT INTO task_events (task_id, persistent_id, applied_seq, source, dedupe_key, code, raw, decoded, received_at, last_received_at)
       SELECT task.id, '${DETAIL_TASK}', 0, 'lookup', 'lookup:' || md5('detail' || e), 6, '{"id":"${DETAIL_TASK}"}', jsonb_build_object('id', '${DETAIL_TASK}', 'code', 6),
              now() - e * interval '1 minute', now() - e * interval '1 minute'
       FROM task CROSS JOIN generate_series(1, 50) AS e`,
    );
    await step(
      "huge task",
      `WITH task AS (
         INSERT INTO tasks (persistent_id, state, callback_code, separate, ops, item_count, succeeded_count, failed_count, first_seen_at, updated_at, last_activity_at)
         VALUES ('${HUGE_TASK}', 'partial', 2, false, ARRAY['fetch'], ${HUGE_ITEMS}, ${HUGE_ITEMS - HUGE_ITEMS / 50}, ${HUGE_ITEMS / 50}, now(), now(), now()) RETURNING id)
       INSERT INTO task_items (task_id, index, cmd, cmd_digest, occurrence, op, bucket, key, code, outcome, error, hash, fsize, url)
       SELECT task.id, i, 'fetchURL/aHR0cDovL28uZXhhbXBsZS5jb20v/bucket/bWVkaWE=/key/' || encode(convert_to(k, 'UTF8'), 'base64'),
              md5('h' || i) || md5(i || 'h'), 0, 'fetch', 'media', k,
              CASE WHEN i % 50 = 7 THEN 20 ELSE 6 END, CASE WHEN i % 50 = 7 THEN 0 ELSE 2 END,
              CASE WHEN i % 50 = 7 THEN '404 Not Found: http://origin.example.com/' || k END, md5(k), 1000 + i, 'http://cdn.example.com/' || k
       FROM task CROSS JOIN generate_series(0, ${HUGE_ITEMS - 1}) AS i
       CROSS JOIN LATERAL (SELECT 'campaign/2026/banner_' || lpad(i::text, 6, '0') || '.png' AS k) AS kk`,
    );
    await step("analyze", "ANALYZE");
  } finally {
    await client.end();
  }
}
