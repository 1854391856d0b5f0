-- Customers, their addresses, login accounts and sessions (module: customers).
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email TEXT UNIQUE COLLATE NOCASE,               -- NULL only for imported customers without one
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  phone TEXT,
  gender TEXT,
  date_of_birth TEXT,                             -- YYYY-MM-DD
  occupation TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  line1 TEXT NOT NULL,
  line2 TEXT,
  city TEXT NOT NULL,
  postcode TEXT NOT NULL,
  country TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1))
);
CREATE INDEX addresses_customer ON addresses(customer_id);
CREATE UNIQUE INDEX addresses_one_default ON addresses(customer_id) WHERE is_default = 1;

-- Who can log in. A customer account points at its customer; staff accounts point at none.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,                  -- stored lower-case
  password_hash TEXT NOT NULL,                    -- Argon2id, libsodium's encoded form
  role TEXT NOT NULL CHECK (role IN ('customer', 'warehouse', 'analyst', 'admin')),
  customer_id INTEGER UNIQUE REFERENCES customers(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  CHECK ((role = 'customer') = (customer_id IS NOT NULL))
);

-- Bearer tokens are never stored: only a hash of each, so a stolen database yields no session.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Failed logins per username, for throttling (429).
CREATE TABLE login_failures (
  username TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_username ON login_failures(username, at);
