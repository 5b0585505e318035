-- The year's sharing statistics without scanning the year's reservations (issue 5: < 100 ms at
-- 1 M uses). Completed uses are summed per month, providing institution, category and researcher
-- institution by triggers, in the same statement as every write that makes, changes or unmakes
-- one. Uses that depend on the clock (confirmed / in use whose end has passed) are still read
-- live from reservations (src/repositories/stats.ts); they are few: those never checked out.
--
-- month = yyyymm of the booked start in Asia/Shanghai, which has kept UTC+8 without daylight
-- saving since 1991: the start plus 8 hours, read as UTC. The repository uses this table only for
-- years from 1992 on and scans reservations for anything older.

CREATE TABLE use_months (
  month INTEGER NOT NULL,
  provider_institution_id TEXT NOT NULL,
  category TEXT NOT NULL,
  user_institution_id TEXT NOT NULL,
  uses INTEGER NOT NULL,
  machine_ms INTEGER NOT NULL,
  PRIMARY KEY (month, provider_institution_id, category, user_institution_id)
) WITHOUT ROWID;

-- The live part: confirmed / in-use reservations by start.
CREATE INDEX reservations_unfinished ON reservations (start_ms) WHERE status IN ('confirmed', 'in_use');

INSERT INTO use_months (month, provider_institution_id, category, user_institution_id, uses, machine_ms)
SELECT CAST(strftime('%Y%m', (r.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
  r.user_institution_id, COUNT(*),
  SUM(CASE
    WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
    WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
    ELSE r.end_ms - r.start_ms
  END)
FROM reservations r JOIN instruments i ON i.id = r.instrument_id
WHERE r.status = 'completed'
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER use_months_insert AFTER INSERT ON reservations WHEN NEW.status = 'completed'
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_institution_id, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (NEW.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
    NEW.user_institution_id, 1,
    CASE
      WHEN NEW.actual_start_ms IS NOT NULL AND NEW.actual_end_ms IS NOT NULL THEN NEW.actual_end_ms - NEW.actual_start_ms
      WHEN NEW.actual_start_ms IS NOT NULL THEN NEW.end_ms - NEW.actual_start_ms
      ELSE NEW.end_ms - NEW.start_ms
    END
  FROM instruments i WHERE i.id = NEW.instrument_id
  ON CONFLICT (month, provider_institution_id, category, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

CREATE TRIGGER use_months_update AFTER UPDATE ON reservations
WHEN OLD.status = 'completed' OR NEW.status = 'completed'
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_institution_id, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (OLD.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
    OLD.user_institution_id, -1,
    -(CASE
      WHEN OLD.actual_start_ms IS NOT NULL AND OLD.actual_end_ms IS NOT NULL THEN OLD.actual_end_ms - OLD.actual_start_ms
      WHEN OLD.actual_start_ms IS NOT NULL THEN OLD.end_ms - OLD.actual_start_ms
      ELSE OLD.end_ms - OLD.start_ms
    END)
  FROM instruments i WHERE i.id = OLD.instrument_id AND OLD.status = 'completed'
  ON CONFLICT (month, provider_institution_id, category, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
  INSERT INTO use_months (month, provider_institution_id, category, user_institution_id, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (NEW.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
    NEW.user_institution_id, 1,
    CASE
      WHEN NEW.actual_start_ms IS NOT NULL AND NEW.actual_end_ms IS NOT NULL THEN NEW.actual_end_ms - NEW.actual_start_ms
      WHEN NEW.actual_start_ms IS NOT NULL THEN NEW.end_ms - NEW.actual_start_ms
      ELSE NEW.end_ms - NEW.start_ms
    END
  FROM instruments i WHERE i.id = NEW.instrument_id AND NEW.status = 'completed'
  ON CONFLICT (month, provider_institution_id, category, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

CREATE TRIGGER use_months_delete AFTER DELETE ON reservations WHEN OLD.status = 'completed'
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_institution_id, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (OLD.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
    OLD.user_institution_id, -1,
    -(CASE
      WHEN OLD.actual_start_ms IS NOT NULL AND OLD.actual_end_ms IS NOT NULL THEN OLD.actual_end_ms - OLD.actual_start_ms
      WHEN OLD.actual_start_ms IS NOT NULL THEN OLD.end_ms - OLD.actual_start_ms
      ELSE OLD.end_ms - OLD.start_ms
    END)
  FROM instruments i WHERE i.id = OLD.instrument_id
  ON CONFLICT (month, provider_institution_id, category, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

-- An instrument that moves to another institution or category takes its completed uses along.
CREATE TRIGGER use_months_instrument AFTER UPDATE OF institution_id, category ON instruments
WHEN OLD.institution_id IS NOT NEW.institution_id OR OLD.category IS NOT NEW.category
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_institution_id, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (r.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.institution_id,
    OLD.category, r.user_institution_id, -COUNT(*),
    -SUM(CASE
      WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
      WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
      ELSE r.end_ms - r.start_ms
    END)
  FROM reservations r WHERE r.instrument_id = NEW.id AND r.status = 'completed'
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (month, provider_institution_id, category, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
  INSERT INTO use_months (month, provider_institution_id, category, user_institution_id, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (r.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.institution_id,
    NEW.category, r.user_institution_id, COUNT(*),
    SUM(CASE
      WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
      WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
      ELSE r.end_ms - r.start_ms
    END)
  FROM reservations r WHERE r.instrument_id = NEW.id AND r.status = 'completed'
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (month, provider_institution_id, category, user_institution_id)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;
