-- Issue 10: sample orders (送样检测) with their audit trail, the runs that book an order's time on the instrument's
-- calendar, and ratings (用户评价) after every use. Never edit once applied: a later change is a new migration.
-- Instants are epoch ms UTC; money is integer fen (DOMAIN.md "Money").

-- A sample order: what the samples are, how they travel, what became of them, the report, and the money agreed when
-- it was submitted (class and rate card copied, as for reservations) and made final when it was reported.
CREATE TABLE orders (
  id TEXT PRIMARY KEY,
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  -- copied when the order is submitted: moving a person later never rewrites history
  user_institution_id TEXT NOT NULL REFERENCES institutions (id),
  status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'received', 'in_progress', 'reported', 'completed',
    'rejected', 'cancelled')),
  samples INTEGER NOT NULL CHECK (samples BETWEEN 1 AND 500),
  received_samples INTEGER CHECK (received_samples IS NULL OR received_samples BETWEEN 1 AND 500),
  sample_description TEXT NOT NULL,
  sample_form TEXT CHECK (sample_form IS NULL OR sample_form IN ('solid', 'powder', 'liquid', 'film', 'gas', 'tissue',
    'other')),
  -- explosives are never accepted: there is no such value
  hazard TEXT NOT NULL CHECK (hazard IN ('none', 'toxic', 'flammable', 'corrosive', 'radioactive', 'biological')),
  tests TEXT NOT NULL,
  turnaround_days INTEGER CHECK (turnaround_days IS NULL OR turnaround_days BETWEEN 1 AND 365),
  delivery TEXT NOT NULL CHECK (delivery IN ('courier', 'in_person')),
  tracking_number TEXT,
  status_reason TEXT,
  sample_disposal TEXT CHECK (sample_disposal IS NULL OR sample_disposal IN ('returned', 'disposed', 'kept')),
  report_note TEXT,
  -- the report PDF's key in the report store (REPORTS_DIR on Node, R2 on Workers): derived from the id, never a
  -- client's file name; null when the report is a note only
  report_key TEXT,
  report_bytes INTEGER,
  reported_at INTEGER,
  completed_at INTEGER,
  price_class TEXT NOT NULL CHECK (price_class IN ('internal', 'academic', 'enterprise')),
  rates TEXT NOT NULL, -- the instrument's rate card when submitted (JSON), as on reservations
  voucher_id TEXT REFERENCES vouchers (id),
  fund_account TEXT NOT NULL DEFAULT '',
  -- the quote at submission: requested samples × the copy's per-sample price of the class
  quote_fen INTEGER NOT NULL CHECK (quote_fen >= 0),
  -- final at `reported`: received samples × that price, the voucher's deduction read in the same write
  charge_fen INTEGER CHECK (charge_fen IS NULL OR charge_fen >= 0),
  deduction_fen INTEGER CHECK (deduction_fen IS NULL OR (deduction_fen >= 0 AND deduction_fen <= charge_fen)),
  payable_fen INTEGER CHECK (payable_fen IS NULL OR payable_fen >= 0),
  charged_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX orders_user ON orders (user_id, created_at);
CREATE INDEX orders_instrument ON orders (instrument_id, status);
-- the sharing statistics read counted orders (reported or completed) by their reported time
CREATE INDEX orders_counted ON orders (reported_at) WHERE status IN ('reported', 'completed');
-- the job's work list: reported orders the requester has not confirmed
CREATE INDEX orders_awaiting_confirmation ON orders (reported_at) WHERE status = 'reported';

CREATE TABLE order_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id TEXT NOT NULL REFERENCES orders (id),
  actor_id TEXT REFERENCES users (id), -- null: the platform itself (completed after 14 days)
  at INTEGER NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT,
  detail TEXT -- JSON of what else changed (samples received, a run booked, the charge)
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- A run: the provider's admin books time on the instrument's calendar for an order. It is a reservation carrying the
-- order's id, written by the same conflict-checked insert as every booking; never a use, never charged.
ALTER TABLE reservations ADD COLUMN order_id TEXT REFERENCES orders (id);
CREATE INDEX reservations_order ON reservations (order_id) WHERE order_id IS NOT NULL;

CREATE INDEX voucher_ledger_order ON voucher_ledger (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX billing_entries_order ON billing_entries (order_id) WHERE order_id IS NOT NULL;

-- A rating (用户评价) of one use by its user: a reservation that counted as a use, or a reported order; once each
-- (the unique keys), three scores 1–5 and an optional comment. use_at dates the use (a reservation's booked start, an
-- order's reported time), so that ratings can be read per year of use.
CREATE TABLE ratings (
  id TEXT PRIMARY KEY,
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  reservation_id TEXT UNIQUE REFERENCES reservations (id),
  order_id TEXT UNIQUE REFERENCES orders (id),
  timeliness INTEGER NOT NULL CHECK (timeliness BETWEEN 1 AND 5),
  quality INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
  staff INTEGER NOT NULL CHECK (staff BETWEEN 1 AND 5),
  comment TEXT NOT NULL DEFAULT '',
  use_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK ((reservation_id IS NULL) <> (order_id IS NULL))
);
CREATE INDEX ratings_instrument ON ratings (instrument_id, created_at);
CREATE INDEX ratings_use_at ON ratings (use_at);
