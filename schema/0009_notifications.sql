-- Issue 12, point 4: notifications (DOMAIN.md "Notifications"). One row per recipient and event, written in the
-- same atomic batch as the event; it is the in-app message and the e-mail outbox at once. The text is not stored:
-- it is rendered from `kind` and `params` in the recipient's language when read or sent (src/domain/notifications.ts).

-- The language a user's notifications (and e-mails) speak: Chinese unless they chose English.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'zh' CHECK (language IN ('zh', 'en'));

CREATE TABLE notifications (
  -- derived from the event (e.g. `reminder:<reservation id>`), so that an event never notifies a recipient twice
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  params TEXT NOT NULL, -- JSON: what the text needs (instrument, times, zone, reason)
  created_at INTEGER NOT NULL,
  read_at INTEGER,
  -- the e-mail: due (waiting for its next try at mail_due_at) → sending (claimed by one sender, tried once) →
  -- sent | due again (refused: retried later) | failed (refused for a day); in_app: no mail server was configured.
  -- A row left in `sending` by a crash is never tried again: at most once (README "Notifications").
  mail_status TEXT NOT NULL DEFAULT 'due' CHECK (mail_status IN ('due', 'sending', 'sent', 'failed', 'in_app')),
  mail_due_at INTEGER NOT NULL,
  mail_attempts INTEGER NOT NULL DEFAULT 0,
  mail_claimed_at INTEGER,
  mail_sent_at INTEGER,
  mail_error TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_mail_due ON notifications (mail_due_at) WHERE mail_status = 'due';
