// Registration, profiles and staff accounts. Argon2 hashing is slow, so it always happens before
// the write transaction: the database write lock is never held while hashing.
#include "customers/accounts.hpp"

#include "customers/crypto.hpp"
#include "customers/validation.hpp"

namespace cw::customers {
namespace {

namespace v = validation;

constexpr std::size_t kMaxNameLength = 100;
constexpr std::size_t kMaxPhoneLength = 40;
constexpr std::size_t kMaxGenderLength = 40;
constexpr std::size_t kMaxOccupationLength = 100;

Error username_taken() {
  return Error::conflict("username_taken", "This username is already taken.", "username");
}
Error email_taken() {
  return Error::conflict("email_taken", "This e-mail address is already registered.", "email");
}

// A lost race on a UNIQUE constraint becomes the 409 the pre-checks would have given.
std::optional<Error> duplicate_error(const db::ConstraintError& e) {
  if (e.kind() != db::ConstraintError::Kind::kUnique) return std::nullopt;
  if (e.mentions("accounts.username")) return username_taken();
  if (e.mentions("customers.email")) return email_taken();
  return std::nullopt;
}

bool username_exists(db::Connection& c, const std::string& username) {
  return c.scalar("SELECT 1 FROM accounts WHERE username = ?", username).has_value();
}
bool email_exists(db::Connection& c, const std::string& email) {
  // customers.email is COLLATE NOCASE, so this comparison ignores case like the constraint.
  return c.scalar("SELECT 1 FROM customers WHERE email = ?", email).has_value();
}

std::optional<Address> load_default_address(db::Connection& c, Id customer_id) {
  auto rows = c.query(
      "SELECT line1, line2, city, postcode, country FROM addresses "
      "WHERE customer_id = ? AND is_default = 1",
      customer_id);
  if (!rows.next()) return std::nullopt;
  return Address{rows.text(0), rows.opt_text(1), rows.text(2), rows.text(3), rows.text(4)};
}

std::optional<Profile> load_profile(db::Connection& c, Id customer_id) {
  Profile p;
  {
    auto rows = c.query(
        "SELECT c.id, a.username, c.email, c.first_name, c.last_name, c.phone, c.gender, "
        "c.date_of_birth, c.occupation, c.created_at, c.external_ref "
        "FROM customers c LEFT JOIN accounts a ON a.customer_id = c.id WHERE c.id = ?",
        customer_id);
    if (!rows.next()) return std::nullopt;
    p.customer_id = rows.integer(0);
    p.username = rows.opt_text(1).value_or("");  // imported customers may have no account
    p.email = rows.opt_text(2).value_or("");
    p.first_name = rows.text(3);
    p.last_name = rows.text(4);
    p.phone = rows.opt_text(5);
    p.gender = rows.opt_text(6);
    p.date_of_birth = rows.opt_text(7);
    p.occupation = rows.opt_text(8);
    p.created_at = from_unix(rows.integer(9));
    p.external_ref = rows.opt_text(10);
  }
  p.address = load_default_address(c, customer_id);
  return p;
}

void insert_default_address(db::Connection& c, Id customer_id, const Address& a) {
  c.exec(
      "INSERT INTO addresses (customer_id, line1, line2, city, postcode, country, is_default) "
      "VALUES (?, ?, ?, ?, ?, ?, 1)",
      customer_id, a.line1, a.line2, a.city, a.postcode, a.country);
}

// The optional profile fields after cleaning; empty text means "none".
struct OptionalFields {
  std::optional<std::string> phone;
  std::optional<std::string> gender;
  std::optional<std::string> date_of_birth;
  std::optional<std::string> occupation;
};

Result<OptionalFields> clean_optional_fields(const std::optional<std::string>& phone,
                                             const std::optional<std::string>& gender,
                                             const std::optional<std::string>& date_of_birth,
                                             const std::optional<std::string>& occupation,
                                             Date today) {
  CW_ASSIGN_OR_RETURN(auto clean_phone, v::optional_text(phone, "phone", kMaxPhoneLength));
  CW_ASSIGN_OR_RETURN(auto clean_gender, v::optional_text(gender, "gender", kMaxGenderLength));
  CW_ASSIGN_OR_RETURN(auto clean_birth, v::clean_date_of_birth(date_of_birth, today));
  CW_ASSIGN_OR_RETURN(auto clean_occupation,
                      v::optional_text(occupation, "occupation", kMaxOccupationLength));
  return OptionalFields{std::move(clean_phone), std::move(clean_gender), std::move(clean_birth),
                        std::move(clean_occupation)};
}

// A field the caller may leave out: none when absent, else `clean` of it (or its error).
template <typename T, typename Clean>
auto clean_if_given(const std::optional<T>& value, Clean clean)
    -> Result<std::optional<typename decltype(clean(*value))::value_type>> {
  if (!value) return std::nullopt;
  CW_ASSIGN_OR_RETURN(auto cleaned, clean(*value));
  return std::optional(std::move(cleaned));
}

Result<std::string> clean_name(std::string_view value, const char* field) {
  return v::required_text(value, field, kMaxNameLength);
}

}  // namespace

Accounts::Accounts(db::Database& db, const Config& config, const Clock& clock)
    : db_(db), config_(config), clock_(clock), hasher_(config.password_cost) {}

Result<Profile> Accounts::register_customer(const Registration& r) {
  CW_ASSIGN_OR_RETURN(const auto username, normalize_username(r.username));
  CW_TRY(v::check_password(r.password));
  CW_ASSIGN_OR_RETURN(const auto email, v::clean_email(r.email));
  CW_ASSIGN_OR_RETURN(const auto first_name, clean_name(r.first_name, "first_name"));
  CW_ASSIGN_OR_RETURN(const auto last_name, clean_name(r.last_name, "last_name"));
  CW_ASSIGN_OR_RETURN(const auto address, clean_if_given(r.address, v::clean_address));
  const Timestamp now = clock_.now();
  CW_ASSIGN_OR_RETURN(const auto optional, clean_optional_fields(r.phone, r.gender, r.date_of_birth,
                                                                 r.occupation, date_of(now)));

  auto c = db_.lease();
  // Cheap early answers that spare a slow hash; the constraints below still settle races.
  if (username_exists(*c, username)) return fail(username_taken());
  if (email_exists(*c, email)) return fail(email_taken());

  const std::string password_hash = hasher_.hash(r.password);
  Id customer_id = 0;
  try {
    db::Transaction tx(*c, db::TxMode::kWrite);
    customer_id = c->scalar(
                       "INSERT INTO customers (email, first_name, last_name, phone, gender, "
                       "date_of_birth, occupation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id",
                       email, first_name, last_name, optional.phone, optional.gender,
                       optional.date_of_birth, optional.occupation, to_unix(now))
                      .value();
    if (address) insert_default_address(*c, customer_id, *address);
    c->exec(
        "INSERT INTO accounts (username, password_hash, role, customer_id, created_at) "
        "VALUES (?, ?, 'customer', ?, ?)",
        username, password_hash, customer_id, to_unix(now));
    tx.commit();
  } catch (const db::ConstraintError& e) {
    if (auto duplicate = duplicate_error(e)) return fail(*duplicate);
    throw;
  }
  return load_profile(*c, customer_id).value();
}

Result<Id> Accounts::add_staff(std::string_view username, std::string_view password, Role role) {
  if (role == Role::kCustomer)
    return fail(Error::unprocessable(
        "invalid_role", "Staff accounts have the role warehouse, analyst or admin.", "role"));
  CW_ASSIGN_OR_RETURN(auto name, normalize_username(username));
  CW_TRY(v::check_password(password));

  auto c = db_.lease();
  if (username_exists(*c, name)) return fail(username_taken());
  const std::string password_hash = hasher_.hash(password);
  try {
    return c
        ->scalar(
            "INSERT INTO accounts (username, password_hash, role, customer_id, created_at) "
            "VALUES (?, ?, ?, NULL, ?) RETURNING id",
            name, password_hash, role_name(role), to_unix(clock_.now()))
        .value();
  } catch (const db::ConstraintError& e) {
    if (auto duplicate = duplicate_error(e)) return fail(*duplicate);
    throw;
  }
}

Result<Profile> Accounts::profile(Id customer_id) const {
  auto c = db_.lease();
  auto found = load_profile(*c, customer_id);
  if (!found) return fail(Error::not_found("customer"));
  return std::move(*found);
}

Result<Profile> Accounts::profile_by_username(std::string_view username) const {
  auto name = normalize_username(username);
  if (!name) return fail(Error::not_found("customer"));
  std::optional<Id> customer_id;
  {
    auto c = db_.lease();
    customer_id = c->scalar("SELECT customer_id FROM accounts WHERE username = ?", *name);
  }
  if (!customer_id) return fail(Error::not_found("customer"));
  return profile(*customer_id);
}

std::optional<Profile> Accounts::profile_by_external_ref(std::string_view external_ref) const {
  auto c = db_.lease();
  // One read transaction: the customer found is the one whose profile is read.
  db::Transaction read(*c, db::TxMode::kRead);
  const auto customer_id =
      c->scalar("SELECT id FROM customers WHERE external_ref = ?", external_ref);
  if (!customer_id) return std::nullopt;
  auto found = load_profile(*c, *customer_id);
  read.commit();
  return found;
}

std::optional<Address> Accounts::default_address(Id customer_id) const {
  auto c = db_.lease();
  return load_default_address(*c, customer_id);
}

Result<Profile> Accounts::update_profile(Id customer_id, const ProfileUpdate& update) {
  return update_profile(customer_id, update, std::string_view());
}

Result<Profile> Accounts::update_profile(Id customer_id, const ProfileUpdate& u,
                                         std::string_view current_token) {
  CW_ASSIGN_OR_RETURN(const auto email, clean_if_given(u.email, v::clean_email));
  CW_ASSIGN_OR_RETURN(const auto first_name, clean_if_given(u.first_name, [](const auto& name) {
                        return clean_name(name, "first_name");
                      }));
  CW_ASSIGN_OR_RETURN(const auto last_name, clean_if_given(u.last_name, [](const auto& name) {
                        return clean_name(name, "last_name");
                      }));
  CW_ASSIGN_OR_RETURN(const auto address, clean_if_given(u.address, v::clean_address));
  const Timestamp now = clock_.now();
  CW_ASSIGN_OR_RETURN(const auto optional, clean_optional_fields(u.phone, u.gender, u.date_of_birth,
                                                                 u.occupation, date_of(now)));
  std::optional<std::string> password_hash;
  if (u.password) {
    CW_TRY(v::check_password(*u.password));
    password_hash = hasher_.hash(*u.password);
  }
  // Empty when no session is to survive: no stored hash is empty.
  const std::string kept_token_hash =
      current_token.empty() ? std::string() : crypto::hash_token(current_token);

  auto c = db_.lease();
  try {
    db::Transaction tx(*c, db::TxMode::kWrite);
    // One statement for every combination: a flag says whether each column changes.
    const std::int64_t updated = c->exec(
        "UPDATE customers SET "
        "email = CASE WHEN ? THEN ? ELSE email END, "
        "first_name = CASE WHEN ? THEN ? ELSE first_name END, "
        "last_name = CASE WHEN ? THEN ? ELSE last_name END, "
        "phone = CASE WHEN ? THEN ? ELSE phone END, "
        "gender = CASE WHEN ? THEN ? ELSE gender END, "
        "date_of_birth = CASE WHEN ? THEN ? ELSE date_of_birth END, "
        "occupation = CASE WHEN ? THEN ? ELSE occupation END "
        "WHERE id = ?",
        email.has_value(), email, first_name.has_value(), first_name, last_name.has_value(),
        last_name, u.phone.has_value(), optional.phone, u.gender.has_value(), optional.gender,
        u.date_of_birth.has_value(), optional.date_of_birth, u.occupation.has_value(),
        optional.occupation, customer_id);
    if (updated == 0) return fail(Error::not_found("customer"));
    if (address) {
      // The old default stays as a saved, non-default address.
      c->exec("UPDATE addresses SET is_default = 0 WHERE customer_id = ? AND is_default = 1",
              customer_id);
      insert_default_address(*c, customer_id, *address);
    }
    if (password_hash) {
      auto account_id = c->scalar("SELECT id FROM accounts WHERE customer_id = ?", customer_id);
      if (!account_id) return fail(Error::not_found("account"));
      c->exec("UPDATE accounts SET password_hash = ? WHERE id = ?", *password_hash, *account_id);
      c->exec("DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?", *account_id,
              kept_token_hash);
    }
    tx.commit();
  } catch (const db::ConstraintError& e) {
    if (auto duplicate = duplicate_error(e)) return fail(*duplicate);
    throw;
  }
  return load_profile(*c, customer_id).value();
}

}  // namespace cw::customers
