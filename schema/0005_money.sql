-- Money (DOMAIN.md "Money"): rate cards, the price copied onto every reservation, voucher programmes and vouchers
-- with their ledger, the final charges and fees as billing entries, monthly statements, and the background job's
-- lease. Every amount is integer fen (0.01 CNY); instants are epoch ms UTC; months are Asia/Shanghai months kept as
-- an ordinal (year × 12 + month − 1) so that "the month after" is + 1.

-- An instrument's rate card (收费标准), JSON: {hour, sample, chargeBasis, incrementMinutes, freeCancelHours,
-- lateCancelPercent, noShowPercent}; hour and sample are {internal, academic, enterprise} in fen, or null (free).
ALTER TABLE instruments ADD COLUMN rates TEXT NOT NULL
  DEFAULT '{"hour":null,"sample":null,"chargeBasis":"booked","incrementMinutes":30,"freeCancelHours":24,"lateCancelPercent":0,"noShowPercent":100}';

-- Voucher programmes (券种), issued by a city's science bureau, for which the talent office acts.
CREATE TABLE voucher_programs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  city TEXT NOT NULL REFERENCES cities (code),
  coverage_percent INTEGER NOT NULL CHECK (coverage_percent BETWEEN 0 AND 100),
  full_coverage_below_fen INTEGER CHECK (full_coverage_below_fen IS NULL OR full_coverage_below_fen >= 0),
  per_use_cap_fen INTEGER CHECK (per_use_cap_fen IS NULL OR per_use_cap_fen >= 0),
  per_holder_year_cap_fen INTEGER CHECK (per_holder_year_cap_fen IS NULL OR per_holder_year_cap_fen >= 0),
  holder_kinds TEXT NOT NULL, -- JSON array of institution kinds
  provider_cities TEXT, -- JSON array of city codes; NULL: every city (通用通兑)
  valid_from TEXT NOT NULL, -- YYYY-MM-DD, a date in Asia/Shanghai
  valid_to TEXT NOT NULL,
  created_by TEXT REFERENCES users (id),
  created_at INTEGER NOT NULL
);
CREATE INDEX voucher_programs_city ON voucher_programs (city);

-- A voucher (创新券) granted to a holder institution; its balance is amount_fen minus its net ledger.
CREATE TABLE vouchers (
  id TEXT PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES voucher_programs (id),
  holder_institution_id TEXT NOT NULL REFERENCES institutions (id),
  amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
  expires_at INTEGER NOT NULL,
  granted_by TEXT REFERENCES users (id),
  granted_at INTEGER NOT NULL
);
CREATE INDEX vouchers_holder ON vouchers (holder_institution_id);
CREATE INDEX vouchers_program ON vouchers (program_id);

-- Every deduction (> 0) and every return of one (< 0), written in the same atomic step that makes a charge final
-- (or replaces it with a fee). Programme and holder are copied so that the holder's yearly cap is one indexed sum.
CREATE TABLE voucher_ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  voucher_id TEXT NOT NULL REFERENCES vouchers (id),
  program_id TEXT NOT NULL REFERENCES voucher_programs (id),
  holder_institution_id TEXT NOT NULL REFERENCES institutions (id),
  provider_institution_id TEXT NOT NULL REFERENCES institutions (id),
  reservation_id TEXT REFERENCES reservations (id),
  order_id TEXT, -- a sample order's (a later issue)
  deduction_fen INTEGER NOT NULL CHECK (deduction_fen <> 0),
  counted_year INTEGER NOT NULL, -- the use's year in Asia/Shanghai: the holder's yearly cap counts by it
  at INTEGER NOT NULL
);
CREATE INDEX voucher_ledger_voucher ON voucher_ledger (voucher_id);
CREATE INDEX voucher_ledger_holder_year ON voucher_ledger (program_id, holder_institution_id, counted_year);
CREATE INDEX voucher_ledger_reservation ON voucher_ledger (reservation_id);
CREATE INDEX voucher_ledger_at ON voucher_ledger (program_id, at);

-- What a reservation agreed when it was made (class and the rate card in force, copied: editing prices later never
-- changes it), what its user named (voucher, fund account), and its money once final. charged_at is set when the
-- charge or a fee became final: NULL means the charge is still open.
ALTER TABLE reservations ADD COLUMN price_class TEXT NOT NULL DEFAULT 'academic'
  CHECK (price_class IN ('internal', 'academic', 'enterprise'));
ALTER TABLE reservations ADD COLUMN rates TEXT NOT NULL
  DEFAULT '{"hour":null,"sample":null,"chargeBasis":"booked","incrementMinutes":30,"freeCancelHours":24,"lateCancelPercent":0,"noShowPercent":100}';
ALTER TABLE reservations ADD COLUMN voucher_id TEXT REFERENCES vouchers (id);
ALTER TABLE reservations ADD COLUMN fund_account TEXT NOT NULL DEFAULT '';
ALTER TABLE reservations ADD COLUMN billable INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reservations ADD COLUMN billed_minutes INTEGER CHECK (billed_minutes IS NULL OR billed_minutes >= 0);
ALTER TABLE reservations ADD COLUMN charge_fen INTEGER CHECK (charge_fen IS NULL OR charge_fen >= 0);
ALTER TABLE reservations ADD COLUMN deduction_fen INTEGER
  CHECK (deduction_fen IS NULL OR (deduction_fen >= 0 AND deduction_fen <= charge_fen));
ALTER TABLE reservations ADD COLUMN payable_fen INTEGER CHECK (payable_fen IS NULL OR payable_fen >= 0);
ALTER TABLE reservations ADD COLUMN fee_fen INTEGER CHECK (fee_fen IS NULL OR fee_fen >= 0);
ALTER TABLE reservations ADD COLUMN charged_at INTEGER;

-- Reservations made before prices existed: their class from the institutions, and completed uses final at no charge
-- (the default card is free), so the job never has to look at them. One statement touching only the rows that
-- change: each update of a completed row runs the use_months trigger once.
UPDATE reservations SET
  price_class = CASE
    WHEN user_institution_id = (SELECT i.institution_id FROM instruments i WHERE i.id = reservations.instrument_id)
      THEN 'internal'
    WHEN (SELECT n.kind FROM institutions n WHERE n.id = reservations.user_institution_id) = 'enterprise'
      THEN 'enterprise'
    ELSE 'academic'
  END,
  billed_minutes = CASE WHEN status = 'completed' THEN ((end_ms - start_ms + 1799999) / 1800000) * 30 END,
  charge_fen = CASE WHEN status = 'completed' THEN 0 END,
  deduction_fen = CASE WHEN status = 'completed' THEN 0 END,
  payable_fen = CASE WHEN status = 'completed' THEN 0 END,
  charged_at = CASE WHEN status = 'completed' THEN updated_at END
WHERE status = 'completed'
  OR user_institution_id = (SELECT i.institution_id FROM instruments i WHERE i.id = reservations.instrument_id)
  OR (SELECT n.kind FROM institutions n WHERE n.id = reservations.user_institution_id) = 'enterprise';

-- The background job's work list: uses whose charge is still open.
CREATE INDEX reservations_charge_open ON reservations (end_ms)
  WHERE charged_at IS NULL AND status IN ('confirmed', 'in_use');
CREATE INDEX reservations_voucher ON reservations (voucher_id) WHERE voucher_id IS NOT NULL;

-- Monthly statements (结算单): one per provider, payer and month. A draft follows the data; issuing freezes its lines
-- into statement_lines for ever.
CREATE TABLE statements (
  id TEXT PRIMARY KEY,
  provider_institution_id TEXT NOT NULL REFERENCES institutions (id),
  payer_institution_id TEXT NOT NULL REFERENCES institutions (id),
  month TEXT NOT NULL, -- YYYY-MM in Asia/Shanghai
  month_ord INTEGER NOT NULL, -- year × 12 + month − 1
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'disputed', 'paid')),
  created_by TEXT REFERENCES users (id), -- null: opened by the platform when the month's first charge arrived
  created_at INTEGER NOT NULL,
  issued_at INTEGER,
  issued_by TEXT REFERENCES users (id),
  paid_at INTEGER,
  dispute_reason TEXT,
  disputed_at INTEGER,
  answer_note TEXT,
  answered_at INTEGER,
  version INTEGER NOT NULL DEFAULT 1,
  updated_at INTEGER NOT NULL,
  UNIQUE (provider_institution_id, payer_institution_id, month_ord)
);
CREATE INDEX statements_payer ON statements (payer_institution_id, month_ord);
CREATE INDEX statements_month ON statements (month_ord);

CREATE TABLE statement_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  statement_id TEXT NOT NULL REFERENCES statements (id),
  actor_id TEXT REFERENCES users (id),
  at INTEGER NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  note TEXT
);
CREATE INDEX statement_events_statement ON statement_events (statement_id, id);

-- Every final charge, fee and reversal of a charge, written in the same atomic step as the reservation's money.
-- An entry is never changed once a statement has taken it (statement_id set); until then a no-show may delete a
-- charge entry (the draft follows the data). A reversal negates an issued charge: a late line.
CREATE TABLE billing_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('charge', 'fee', 'reversal')),
  reservation_id TEXT REFERENCES reservations (id),
  order_id TEXT,
  provider_institution_id TEXT NOT NULL REFERENCES institutions (id),
  payer_institution_id TEXT NOT NULL REFERENCES institutions (id),
  instrument_id TEXT NOT NULL REFERENCES instruments (id),
  user_id TEXT NOT NULL REFERENCES users (id),
  use_start_ms INTEGER NOT NULL, -- the line's date: the booked start
  month_ord INTEGER NOT NULL, -- its month in Asia/Shanghai
  price_class TEXT NOT NULL CHECK (price_class IN ('internal', 'academic', 'enterprise')),
  unit TEXT NOT NULL CHECK (unit IN ('hour', 'sample')),
  quantity_units INTEGER NOT NULL, -- billed minutes (hour) or samples; negative on a reversal
  unit_price_fen INTEGER NOT NULL,
  fee_percent INTEGER,
  charge_fen INTEGER NOT NULL,
  deduction_fen INTEGER NOT NULL,
  payable_fen INTEGER NOT NULL,
  fund_account TEXT NOT NULL DEFAULT '',
  voucher_id TEXT REFERENCES vouchers (id),
  reverses_id INTEGER REFERENCES billing_entries (id),
  statement_id TEXT REFERENCES statements (id),
  created_at INTEGER NOT NULL,
  CHECK (payable_fen = charge_fen - deduction_fen)
);
CREATE INDEX billing_entries_open ON billing_entries (provider_institution_id, payer_institution_id, month_ord)
  WHERE statement_id IS NULL;
CREATE INDEX billing_entries_statement ON billing_entries (statement_id);
CREATE INDEX billing_entries_reservation ON billing_entries (reservation_id);
CREATE INDEX billing_entries_month ON billing_entries (month_ord, provider_institution_id);

-- An issued statement's lines, as they were when it was issued (names included): frozen for ever.
CREATE TABLE statement_lines (
  statement_id TEXT NOT NULL REFERENCES statements (id),
  entry_id INTEGER NOT NULL REFERENCES billing_entries (id),
  kind TEXT NOT NULL CHECK (kind IN ('charge', 'fee', 'adjustment')),
  source TEXT NOT NULL CHECK (source IN ('charge', 'fee', 'reversal')),
  use_start_ms INTEGER NOT NULL,
  reservation_id TEXT,
  order_id TEXT,
  instrument_id TEXT NOT NULL,
  instrument_name TEXT NOT NULL,
  user_id TEXT NOT NULL,
  user_name TEXT NOT NULL,
  fund_account TEXT NOT NULL,
  price_class TEXT NOT NULL,
  unit TEXT NOT NULL,
  quantity_units INTEGER NOT NULL,
  unit_price_fen INTEGER NOT NULL,
  fee_percent INTEGER,
  charge_fen INTEGER NOT NULL,
  deduction_fen INTEGER NOT NULL,
  payable_fen INTEGER NOT NULL,
  PRIMARY KEY (statement_id, entry_id)
) WITHOUT ROWID;

-- Background jobs run in one server process at a time: the holder of a job's lease, until it expires.
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  last_run_at INTEGER
);
