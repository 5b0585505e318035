-- Issue 11, phase 1: asset numbers (the key of the national platform's instrument list, used by the import),
-- qualification recognition across institutions (资格互认) with its audit trail, and the national means of the
-- evaluation as data per year.

-- 资产编号: optional; unique within an institution when given (two institutions may number alike).
ALTER TABLE instruments ADD COLUMN asset_number TEXT;
CREATE UNIQUE INDEX instruments_asset_number ON instruments (institution_id, asset_number)
  WHERE asset_number IS NOT NULL;

-- An institute admin's recognition, for one instrument, of the qualifications another institution grants on
-- instruments of the same category and model. Never deleted: revoking sets revoked_at, so the reservations and
-- qualifications made under it keep naming it. At most one in force per (instrument, issuing institution) is
-- enforced by the guarded INSERT (src/repositories/recognitions.ts), since "in force" depends on the clock.
CREATE TABLE recognitions (
  id TEXT PRIMARY KEY,
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  issuing_institution_id TEXT NOT NULL REFERENCES institutions (id),
  created_by TEXT REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER, -- null: until revoked
  revoked_by TEXT REFERENCES users (id),
  revoked_at INTEGER
);
CREATE INDEX recognitions_instrument ON recognitions (instrument_id, issuing_institution_id);
CREATE INDEX recognitions_unrevoked ON recognitions (issuing_institution_id) WHERE revoked_at IS NULL;

-- Every step of a recognition: granted, revoked, a booking made under it, the own qualification it led to.
CREATE TABLE recognition_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recognition_id TEXT NOT NULL REFERENCES recognitions (id),
  actor_id TEXT REFERENCES users (id),
  at INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('recognised', 'revoked', 'booked', 'qualified')),
  reservation_id TEXT REFERENCES reservations (id),
  user_id TEXT REFERENCES users (id)
);
CREATE INDEX recognition_events_recognition ON recognition_events (recognition_id, id);

-- A reservation whose researcher qualified only through a recognition names it (API: underRecognition).
ALTER TABLE reservations ADD COLUMN recognition_id TEXT REFERENCES recognitions (id);
CREATE INDEX reservations_under_recognition ON reservations (instrument_id, user_id) WHERE recognition_id IS NOT NULL;
CREATE INDEX reservations_under_recognition_start ON reservations (start_ms) WHERE recognition_id IS NOT NULL;

-- A qualification granted when a booking under a recognition completed ("by recognition"); null: by an admin.
ALTER TABLE qualifications ADD COLUMN recognition_id TEXT REFERENCES recognitions (id);
CREATE INDEX qualifications_user ON qualifications (user_id);

-- The national means the evaluation compares large instruments with (1,599 h and 273 h in 2025). A year without
-- its own row uses the latest earlier one.
CREATE TABLE evaluation_means (
  year INTEGER PRIMARY KEY,
  effective_hours REAL NOT NULL CHECK (effective_hours >= 0),
  external_hours REAL NOT NULL CHECK (external_hours >= 0),
  set_by TEXT REFERENCES users (id),
  set_at INTEGER NOT NULL
);
