-- What lets the Node server run as several processes on one file, fast (issue 12).

-- 1. A counter that changes with every revocation of a sign-in, so that a server process may keep the
-- user of a bearer token in memory and still refuse a revoked one on the very next request: it reads this
-- one row per request and drops what it kept when the value moved. The triggers bump it in the same
-- statement as the revoking write, whichever code (or process, or hand) makes it: a token deleted (logout,
-- password change) or changed, a user changed (deactivated, renamed, another role) or deleted. Without the row
-- nothing is kept in memory; a bump brings it back at a random value (below 2^52, so that it stays exact in
-- JavaScript), never one an older entry was kept under.
CREATE TABLE auth_epoch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO auth_epoch (id, value) VALUES (1, 0);

CREATE TRIGGER auth_epoch_token_deleted AFTER DELETE ON tokens
BEGIN
  INSERT INTO auth_epoch (id, value) VALUES (1, abs(random()) % 4503599627370496) ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER auth_epoch_token_updated AFTER UPDATE ON tokens
BEGIN
  INSERT INTO auth_epoch (id, value) VALUES (1, abs(random()) % 4503599627370496) ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER auth_epoch_user_updated AFTER UPDATE ON users
BEGIN
  INSERT INTO auth_epoch (id, value) VALUES (1, abs(random()) % 4503599627370496) ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER auth_epoch_user_deleted AFTER DELETE ON users
BEGIN
  INSERT INTO auth_epoch (id, value) VALUES (1, abs(random()) % 4503599627370496) ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;

-- 2. Leases: work that one process at a time may do (scheduled backups, later background jobs) and the
-- presence of running servers (a restore refuses while one holds an unexpired `server:` lease). Taken and
-- renewed by a guarded write (`… WHERE expired OR ours`), so two processes can never both hold one.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- 3. use_months (schema/0002) kept by what the statistics group by — the researcher's city and whether the
-- use is shared (another institution than the instrument's) — instead of the researcher's institution: a
-- year is then read as a few thousand rows, without a join or a GROUP BY (issue 12: < 100 ms at 1 M uses).
-- The city is the one of the researcher's institution (copied onto the reservation when it was made) at
-- the time of the write; an institution that moves to another city takes its researchers' uses along.
DROP TRIGGER use_months_insert;
DROP TRIGGER use_months_update;
DROP TRIGGER use_months_delete;
DROP TRIGGER use_months_instrument;
DROP TABLE use_months;

CREATE TABLE use_months (
  month INTEGER NOT NULL, -- yyyymm of the booked start in Asia/Shanghai (see 0002)
  provider_institution_id TEXT NOT NULL,
  category TEXT NOT NULL,
  user_city TEXT NOT NULL,
  shared INTEGER NOT NULL, -- 1 when the researcher's institution is not the instrument's
  uses INTEGER NOT NULL,
  machine_ms INTEGER NOT NULL,
  PRIMARY KEY (month, provider_institution_id, category, user_city, shared)
) WITHOUT ROWID;

INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
SELECT CAST(strftime('%Y%m', (r.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
  ui.city, r.user_institution_id != i.institution_id, COUNT(*),
  SUM(CASE
    WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
    WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
    ELSE r.end_ms - r.start_ms
  END)
FROM reservations r
JOIN instruments i ON i.id = r.instrument_id
JOIN institutions ui ON ui.id = r.user_institution_id
WHERE r.status = 'completed'
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER use_months_insert AFTER INSERT ON reservations WHEN NEW.status = 'completed'
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (NEW.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
    ui.city, NEW.user_institution_id != i.institution_id, 1,
    CASE
      WHEN NEW.actual_start_ms IS NOT NULL AND NEW.actual_end_ms IS NOT NULL THEN NEW.actual_end_ms - NEW.actual_start_ms
      WHEN NEW.actual_start_ms IS NOT NULL THEN NEW.end_ms - NEW.actual_start_ms
      ELSE NEW.end_ms - NEW.start_ms
    END
  FROM instruments i, institutions ui WHERE i.id = NEW.instrument_id AND ui.id = NEW.user_institution_id
  ON CONFLICT (month, provider_institution_id, category, user_city, shared)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

CREATE TRIGGER use_months_update AFTER UPDATE ON reservations
WHEN OLD.status = 'completed' OR NEW.status = 'completed'
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (OLD.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
    ui.city, OLD.user_institution_id != i.institution_id, -1,
    -(CASE
      WHEN OLD.actual_start_ms IS NOT NULL AND OLD.actual_end_ms IS NOT NULL THEN OLD.actual_end_ms - OLD.actual_start_ms
      WHEN OLD.actual_start_ms IS NOT NULL THEN OLD.end_ms - OLD.actual_start_ms
      ELSE OLD.end_ms - OLD.start_ms
    END)
  FROM instruments i, institutions ui
  WHERE i.id = OLD.instrument_id AND ui.id = OLD.user_institution_id AND OLD.status = 'completed'
  ON CONFLICT (month, provider_institution_id, category, user_city, shared)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
  INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (NEW.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
    ui.city, NEW.user_institution_id != i.institution_id, 1,
    CASE
      WHEN NEW.actual_start_ms IS NOT NULL AND NEW.actual_end_ms IS NOT NULL THEN NEW.actual_end_ms - NEW.actual_start_ms
      WHEN NEW.actual_start_ms IS NOT NULL THEN NEW.end_ms - NEW.actual_start_ms
      ELSE NEW.end_ms - NEW.start_ms
    END
  FROM instruments i, institutions ui
  WHERE i.id = NEW.instrument_id AND ui.id = NEW.user_institution_id AND NEW.status = 'completed'
  ON CONFLICT (month, provider_institution_id, category, user_city, shared)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

CREATE TRIGGER use_months_delete AFTER DELETE ON reservations WHEN OLD.status = 'completed'
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (OLD.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id, i.category,
    ui.city, OLD.user_institution_id != i.institution_id, -1,
    -(CASE
      WHEN OLD.actual_start_ms IS NOT NULL AND OLD.actual_end_ms IS NOT NULL THEN OLD.actual_end_ms - OLD.actual_start_ms
      WHEN OLD.actual_start_ms IS NOT NULL THEN OLD.end_ms - OLD.actual_start_ms
      ELSE OLD.end_ms - OLD.start_ms
    END)
  FROM instruments i, institutions ui WHERE i.id = OLD.instrument_id AND ui.id = OLD.user_institution_id
  ON CONFLICT (month, provider_institution_id, category, user_city, shared)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

-- The live part of the statistics (uses still confirmed or in use, ended) is read from this index alone: it
-- now holds every column that part needs, so no reservation row is fetched (schema/0002 made it on start only).
DROP INDEX reservations_unfinished;
CREATE INDEX reservations_unfinished ON reservations (start_ms, end_ms, instrument_id, user_institution_id,
  actual_start_ms, actual_end_ms) WHERE status IN ('confirmed', 'in_use');

-- An instrument that moves to another institution or category takes its completed uses along (its
-- sharedness may change with the institution).
CREATE TRIGGER use_months_instrument AFTER UPDATE OF institution_id, category ON instruments
WHEN OLD.institution_id IS NOT NEW.institution_id OR OLD.category IS NOT NEW.category
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (r.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), OLD.institution_id,
    OLD.category, ui.city, r.user_institution_id != OLD.institution_id, -COUNT(*),
    -SUM(CASE
      WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
      WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
      ELSE r.end_ms - r.start_ms
    END)
  FROM reservations r JOIN institutions ui ON ui.id = r.user_institution_id
  WHERE r.instrument_id = NEW.id AND r.status = 'completed'
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (month, provider_institution_id, category, user_city, shared)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
  INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (r.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), NEW.institution_id,
    NEW.category, ui.city, r.user_institution_id != NEW.institution_id, COUNT(*),
    SUM(CASE
      WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
      WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
      ELSE r.end_ms - r.start_ms
    END)
  FROM reservations r JOIN institutions ui ON ui.id = r.user_institution_id
  WHERE r.instrument_id = NEW.id AND r.status = 'completed'
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (month, provider_institution_id, category, user_city, shared)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;

-- An institution that moves to another city takes its researchers' completed uses along (rare: a scan).
CREATE TRIGGER use_months_institution_city AFTER UPDATE OF city ON institutions
WHEN OLD.city IS NOT NEW.city
BEGIN
  INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (r.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id,
    i.category, OLD.city, r.user_institution_id != i.institution_id, -COUNT(*),
    -SUM(CASE
      WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
      WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
      ELSE r.end_ms - r.start_ms
    END)
  FROM reservations r JOIN instruments i ON i.id = r.instrument_id
  WHERE r.user_institution_id = NEW.id AND r.status = 'completed'
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (month, provider_institution_id, category, user_city, shared)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
  INSERT INTO use_months (month, provider_institution_id, category, user_city, shared, uses, machine_ms)
  SELECT CAST(strftime('%Y%m', (r.start_ms + 28800000) / 1000, 'unixepoch') AS INTEGER), i.institution_id,
    i.category, NEW.city, r.user_institution_id != i.institution_id, COUNT(*),
    SUM(CASE
      WHEN r.actual_start_ms IS NOT NULL AND r.actual_end_ms IS NOT NULL THEN r.actual_end_ms - r.actual_start_ms
      WHEN r.actual_start_ms IS NOT NULL THEN r.end_ms - r.actual_start_ms
      ELSE r.end_ms - r.start_ms
    END)
  FROM reservations r JOIN instruments i ON i.id = r.instrument_id
  WHERE r.user_institution_id = NEW.id AND r.status = 'completed'
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (month, provider_institution_id, category, user_city, shared)
  DO UPDATE SET uses = uses + excluded.uses, machine_ms = machine_ms + excluded.machine_ms;
END;
