-- Issue 13 (hardening). Never edit once applied: a later change is a new migration.

-- The two cities are the platform's reason to be (API.md "Running"): every database has them, empty or not,
-- SEED=none and Workers included. OR IGNORE: a database seeded before this migration has them already.
INSERT OR IGNORE INTO cities (code, name) VALUES ('ningbo', '宁波'), ('zhoushan', '舟山');

-- Clients (a browser's cookie) that signed in to an account before. A sign-in that shows such a device token for
-- its own e-mail is limited on its own count instead of the account's and the address's, so failures made by
-- someone else cannot lock the account's owner, or a campus behind one address, out (README "Sign-in limits").
-- Only the SHA-256 of the token is stored, as for bearer tokens.
CREATE TABLE sign_in_devices (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sign_in_devices_email ON sign_in_devices (email);

-- login_failures now holds every sign-in attempt while its password is being checked, counted before the check
-- (src/repositories/sign-in-attempts.ts); a success removes its own rows, so what stays are the failures.
