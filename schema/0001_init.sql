-- The one source of the schema, applied by our Node runner and by `wrangler d1 migrations apply`.
-- Instants are epoch milliseconds UTC (INTEGER): compared as numbers, never as strings.

CREATE TABLE cities (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE institutions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  city TEXT NOT NULL REFERENCES cities (code),
  kind TEXT NOT NULL CHECK (kind IN ('university', 'institute', 'hospital', 'enterprise', 'government'))
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('researcher', 'institution_admin', 'talent_office', 'platform_admin')),
  institution_id TEXT REFERENCES institutions (id),
  active INTEGER NOT NULL DEFAULT 1,
  feed_key TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX users_institution ON users (institution_id);

-- Bearer tokens and web sessions: only the SHA-256 of the token is stored.
CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL COLLATE NOCASE,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures (email, at);

CREATE TABLE instruments (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institutions (id),
  name TEXT NOT NULL,
  model TEXT NOT NULL DEFAULT '',
  manufacturer TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL,
  original_value INTEGER,
  location TEXT NOT NULL DEFAULT '',
  specs TEXT NOT NULL DEFAULT '',
  functions TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'maintenance', 'retired')),
  mode TEXT NOT NULL DEFAULT 'self' CHECK (mode IN ('self', 'service')),
  timezone TEXT NOT NULL DEFAULT 'Asia/Shanghai',
  opening_hours TEXT NOT NULL, -- JSON: [{weekday, open, close}]
  slot_minutes INTEGER NOT NULL,
  min_minutes INTEGER NOT NULL,
  max_minutes INTEGER NOT NULL,
  buffer_minutes INTEGER NOT NULL,
  notice_minutes INTEGER NOT NULL,
  horizon_days INTEGER NOT NULL,
  requires_approval INTEGER NOT NULL,
  requires_qualification INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX instruments_institution ON instruments (institution_id);
CREATE INDEX instruments_category ON instruments (category);

CREATE TABLE reservations (
  id TEXT PRIMARY KEY,
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  -- copied when the reservation is made: moving a person later never rewrites history
  user_institution_id TEXT NOT NULL REFERENCES institutions (id),
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  -- end plus the instrument's buffer at booking time: later rule edits never move it
  hold_end_ms INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'in_use', 'completed', 'rejected', 'cancelled', 'expired', 'no_show')),
  purpose TEXT NOT NULL DEFAULT '',
  recorded INTEGER NOT NULL DEFAULT 0, -- 1: a use recorded after the fact by an admin
  actual_start_ms INTEGER,
  actual_end_ms INTEGER,
  status_reason TEXT,
  decided_by TEXT REFERENCES users (id),
  decided_at INTEGER,
  ics_uid TEXT NOT NULL UNIQUE, -- the calendar UID: random, never derived from the id
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (start_ms < end_ms AND end_ms <= hold_end_ms)
);
-- The overlap check of every booking reads this index only.
CREATE INDEX reservations_held ON reservations (instrument_id, start_ms, hold_end_ms, status);
CREATE INDEX reservations_user ON reservations (user_id, start_ms);
CREATE INDEX reservations_start ON reservations (start_ms);
CREATE INDEX reservations_pending ON reservations (start_ms) WHERE status = 'pending';

CREATE TABLE reservation_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reservation_id TEXT NOT NULL REFERENCES reservations (id),
  actor_id TEXT REFERENCES users (id), -- null: the platform itself (expiry)
  at INTEGER NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT,
  detail TEXT -- JSON of what else changed (a new time, a blackout id)
);
CREATE INDEX reservation_events_reservation ON reservation_events (reservation_id, id);

CREATE TABLE instrument_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  actor_id TEXT REFERENCES users (id),
  at INTEGER NOT NULL,
  changes TEXT NOT NULL -- JSON: {field: {from, to}}
);
CREATE INDEX instrument_events_instrument ON instrument_events (instrument_id, id);

CREATE TABLE blackouts (
  id TEXT PRIMARY KEY,
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  created_by TEXT REFERENCES users (id),
  created_at INTEGER NOT NULL,
  CHECK (start_ms < end_ms)
);
CREATE INDEX blackouts_instrument ON blackouts (instrument_id, start_ms, end_ms);

CREATE TABLE qualifications (
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  granted_by TEXT REFERENCES users (id),
  granted_at INTEGER NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (instrument_id, user_id)
);

CREATE TABLE idempotency_keys (
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER, -- null while the first request is still running
  body TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
);

CREATE TABLE targets (
  year INTEGER PRIMARY KEY,
  target INTEGER NOT NULL CHECK (target >= 0),
  set_by TEXT REFERENCES users (id),
  set_at INTEGER NOT NULL
);
