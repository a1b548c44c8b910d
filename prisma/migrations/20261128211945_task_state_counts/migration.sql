-- CreateTable
CREATE TABLE "task_state_counts" (
    "state" "TaskState" NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "task_state_counts_pkey" PRIMARY KEY ("state","shard")
);

-- Kept by statement-level triggers with transition tables: one statement of counter
-- upserts per write to tasks, whatever its size, so set-based loads stay fast. The shard
-- is the backend's pid modulo 16: each database connection mostly adds to its own row.
CREATE FUNCTION task_state_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO task_state_counts (state, shard, count)
    SELECT state, (pg_backend_pid() % 16)::smallint, count(*) FROM new_rows GROUP BY state
    ON CONFLICT (state, shard) DO UPDATE SET count = task_state_counts.count + EXCLUDED.count;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO task_state_counts (state, shard, count)
    SELECT changed.state, (pg_backend_pid() % 16)::smallint, sum(changed.delta)
    FROM (
      SELECT n.state, 1 AS delta FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.state IS DISTINCT FROM n.state
      UNION ALL
      SELECT o.state, -1 AS delta FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.state IS DISTINCT FROM n.state
    ) AS changed
    GROUP BY changed.state
    ON CONFLICT (state, shard) DO UPDATE SET count = task_state_counts.count + EXCLUDED.count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO task_state_counts (state, shard, count)
    SELECT state, (pg_backend_pid() % 16)::smallint, -count(*) FROM old_rows GROUP BY state
    ON CONFLICT (state, shard) DO UPDATE SET count = task_state_counts.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION task_state_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM task_state_counts;
  RETURN NULL;
END
$$;

CREATE TRIGGER tasks_count_insert AFTER INSERT ON "tasks" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_state_counts_add();
CREATE TRIGGER tasks_count_update AFTER UPDATE ON "tasks" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_state_counts_add();
CREATE TRIGGER tasks_count_delete AFTER DELETE ON "tasks" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION task_state_counts_add();
CREATE TRIGGER tasks_count_truncate AFTER TRUNCATE ON "tasks"
  FOR EACH STATEMENT EXECUTE FUNCTION task_state_counts_clear();

-- The tasks already stored.
INSERT INTO task_state_counts (state, shard, count) SELECT state, 0, count(*) FROM "tasks" GROUP BY state;
