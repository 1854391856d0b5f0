#pragma once
// Customers and accounts: registration, profile, login with Argon2id hashes, bearer sessions,
// staff accounts with roles. Owns tables customers, addresses, accounts, sessions, login_failures.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "customers/address.hpp"
#include "db/database.hpp"

namespace cw::customers {

enum class Role { kCustomer, kWarehouse, kAnalyst, kAdmin };
std::string_view role_name(Role role);                  // "customer", "warehouse", ...
std::optional<Role> parse_role(std::string_view name);  // inverse of role_name

struct Profile {
  Id customer_id = 0;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> phone;
  std::optional<std::string> gender;
  std::optional<std::string> date_of_birth;  // YYYY-MM-DD
  std::optional<std::string> occupation;
  std::optional<Address> address;  // the default address
  Timestamp created_at;
  // The other system's key of an imported customer (Cartify `CUST51271`, migration 0091);
  // nullopt for customers registered in Cartwise.
  std::optional<std::string> external_ref;
};

struct Registration {
  std::string username;
  std::string password;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::optional<Address> address;
  std::optional<std::string> phone;
  std::optional<std::string> gender;
  std::optional<std::string> date_of_birth;
  std::optional<std::string> occupation;
};

// Only the fields that are set change. A set `address` replaces the default address.
struct ProfileUpdate {
  std::optional<std::string> email;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> phone;
  std::optional<std::string> gender;
  std::optional<std::string> date_of_birth;
  std::optional<std::string> occupation;
  std::optional<Address> address;
  std::optional<std::string> password;
};

// Who is calling: the result of authenticating a bearer token.
struct Principal {
  Id account_id = 0;
  std::string username;
  Role role = Role::kCustomer;
  std::optional<Id> customer_id;  // set exactly when role is kCustomer
};

struct Session {
  std::string token;  // shown once; only its hash is stored
  Role role = Role::kCustomer;
  Timestamp expires_at;
};

// Lower-cases `username` and checks ^[a-z0-9][a-z0-9._-]{2,31}$.
// 422 invalid_username (field "username") otherwise.
Result<std::string> normalize_username(std::string_view username);

// Argon2id via libsodium. Cost from Config::password_cost.
// Unknown cost names throw cw::Failure (Config::set already refuses them).
class PasswordHasher {
 public:
  explicit PasswordHasher(const std::string& cost);
  std::string hash(std::string_view password) const;
  bool verify(std::string_view encoded_hash, std::string_view password) const;
  // A fixed hash of this cost, only for timing: login verifies the password against it for an
  // unknown username (and refuses whatever the answer), so timing does not reveal which exist.
  const std::string& dummy_hash() const;

 private:
  unsigned long long ops_limit_;
  std::size_t mem_limit_;
};

class Accounts {
 public:
  Accounts(db::Database& db, const Config& config, const Clock& clock);

  // 422 invalid_username / weak_password (< 10 code points) / invalid_email / missing_field
  // (field "first_name", "address.city", ...) / too_long / invalid_date (date_of_birth);
  // text is trimmed and an empty optional field is stored as none;
  // 409 username_taken / email_taken. One transaction: customer, default address, account.
  Result<Profile> register_customer(const Registration& registration);

  // Creates a staff account (customer_id NULL); 409 username_taken; 422 as above, and
  // invalid_role (field "role") for Role::kCustomer.
  Result<Id> add_staff(std::string_view username, std::string_view password, Role role);

  // 401 invalid_credentials for an unknown user or wrong password (same message for both);
  // 429 too_many_attempts after Config::max_failed_logins failures within the window.
  Result<Session> login(std::string_view username, std::string_view password);

  // 401 invalid_token for an unknown or expired token. Reads on `on` when given (a connection
  // the caller already holds, e.g. inside a group commit unit), else on a leased one.
  Result<Principal> authenticate(std::string_view token, db::Connection* on = nullptr) const;

  // Ends the session of this token (no error when already gone).
  void logout(std::string_view token);

  // 404 when no such customer.
  Result<Profile> profile(Id customer_id) const;
  // Same errors as register_customer for the fields it changes.
  // A password change ends every session of the customer.
  Result<Profile> update_profile(Id customer_id, const ProfileUpdate& update);
  // The same, but a password change keeps the session of `current_token` (the caller's own) and
  // ends the customer's other sessions.
  Result<Profile> update_profile(Id customer_id, const ProfileUpdate& update,
                                 std::string_view current_token);

  // The customer's default address, nullopt when none (or no such customer).
  std::optional<Address> default_address(Id customer_id) const;
  // 404 not_found for an unknown username or a staff account (which has no profile).
  Result<Profile> profile_by_username(std::string_view username) const;
  // The customer whose external reference is exactly `external_ref` (case-sensitive, as
  // imported); nullopt when none. At most one: the references are unique (migration 0091).
  std::optional<Profile> profile_by_external_ref(std::string_view external_ref) const;

 private:
  db::Database& db_;
  const Config& config_;
  const Clock& clock_;
  PasswordHasher hasher_;
};

}  // namespace cw::customers
