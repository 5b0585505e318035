-- Issue 11, the evaluation figures (开放共享评价) per instrument without scanning the year's reservations: a year at
-- the bench's 1 M reservations is 273 k uses, ≈ 0.8 s to group from `reservations`. Completed uses are summed per
-- year, instrument and researcher institution by triggers, in the same statement as every write that makes, changes
-- or unmakes one, as `use_months` (0002) sums them per provider and category. The uses that depend on the clock
-- (confirmed or in use, ended) are read live, as for the sharing statistics (src/repositories/evaluation.ts).
--
-- year = that of the booked start in Asia/Shanghai, which has kept UTC+8 without daylight saving since 1991: the
-- start plus 8 hours, read as UTC. The repository reads this table for years from 1992 on only.

CREATE TABLE use_instrument_years (
  year INTEGER NOT NULL,
  instrument_id TEXT NOT NULL,
  user_institution_id TEXT NOT NULL,
  uses INTEGER NOT NULL,
  machine_ms INTEGER NOT NULL,
  PRIMARY KEY (year, instrument_id, user_institution_id)
) WITHOUT ROWID;

INSERT INTO use_instrument_years (year, instrument_id, user_institution_id, uses, machine_ms)
SELECT CAST(strftime('%Y', (start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), instrument_id, user_institution_id,
  COUNT(*),
  SUM(CASE
    WHEN actual_start_ms IS NOT NULL AND actual_end_ms IS NOT NULL THEN actual_end_ms - actual_start_ms
    WHEN actual_start_ms IS NOT NULL THEN end_ms - actual_start_ms
    ELSE end_ms - start_ms
  END)
FROM reservations
WHERE status = 'completed'
GROUP BY 1, 2, 3;

CREATE TRIGGER use_instrument_years_insert AFTER INSERT ON reservations WHEN NEW.status = 'completed'
BEGIN
  INSERT INTO use_instrument_years (year, instrument_id, user_institution_id, uses, machine_ms)
  VALUES (CAST(strftime('%Y', (NEW.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.instrument_id,
    NEW.user_institution_id, 1,
    CASE
      WHEN NEW.actual_start_ms IS NOT NULL AND NEW.actual_end_ms IS NOT NULL THEN NEW.actual_end_ms - NEW.actual_start_ms
      WHEN NEW.actual_start_ms IS NOT NULL THEN NEW.end_ms - NEW.actual_start_ms
      ELSE NEW.end_ms - NEW.start_ms
    END)
  ON CONFLICT (year, instrument_id, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

-- Only writes that set a column the figures read: making a charge final on a completed use fires nothing.
CREATE TRIGGER use_instrument_years_update
AFTER UPDATE OF status, start_ms, end_ms, actual_start_ms, actual_end_ms, instrument_id, user_institution_id
ON reservations
WHEN OLD.status = 'completed' OR NEW.status = 'completed'
BEGIN
  INSERT INTO use_instrument_years (year, instrument_id, user_institution_id, uses, machine_ms)
  SELECT CAST(strftime('%Y', (OLD.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.instrument_id,
    OLD.user_institution_id, -1,
    -(CASE
      WHEN OLD.actual_start_ms IS NOT NULL AND OLD.actual_end_ms IS NOT NULL THEN OLD.actual_end_ms - OLD.actual_start_ms
      WHEN OLD.actual_start_ms IS NOT NULL THEN OLD.end_ms - OLD.actual_start_ms
      ELSE OLD.end_ms - OLD.start_ms
    END)
  WHERE OLD.status = 'completed'
  ON CONFLICT (year, instrument_id, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
  INSERT INTO use_instrument_years (year, instrument_id, user_institution_id, uses, machine_ms)
  SELECT CAST(strftime('%Y', (NEW.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.instrument_id,
    NEW.user_institution_id, 1,
    CASE
      WHEN NEW.actual_start_ms IS NOT NULL AND NEW.actual_end_ms IS NOT NULL THEN NEW.actual_end_ms - NEW.actual_start_ms
      WHEN NEW.actual_start_ms IS NOT NULL THEN NEW.end_ms - NEW.actual_start_ms
      ELSE NEW.end_ms - NEW.start_ms
    END
  WHERE NEW.status = 'completed'
  ON CONFLICT (year, instrument_id, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

CREATE TRIGGER use_instrument_years_delete AFTER DELETE ON reservations WHEN OLD.status = 'completed'
BEGIN
  INSERT INTO use_instrument_years (year, instrument_id, user_institution_id, uses, machine_ms)
  VALUES (CAST(strftime('%Y', (OLD.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.instrument_id,
    OLD.user_institution_id, -1,
    -(CASE
      WHEN OLD.actual_start_ms IS NOT NULL AND OLD.actual_end_ms IS NOT NULL THEN OLD.actual_end_ms - OLD.actual_start_ms
      WHEN OLD.actual_start_ms IS NOT NULL THEN OLD.end_ms - OLD.actual_start_ms
      ELSE OLD.end_ms - OLD.start_ms
    END))
  ON CONFLICT (year, instrument_id, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

