// cartwise user add: staff logins (warehouse, analyst, admin).
#include <iostream>
#include <memory>

#include "cli/context.hpp"
#include "core/clock.hpp"
#include "customers/accounts.hpp"

namespace cw::cli {

void add_user_commands(CLI::App& app, Context& context) {
  CLI::App* user_cmd = app.add_subcommand("user", "Staff accounts");
  user_cmd->require_subcommand(1);

  struct Flags {
    std::string username, password, role;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* add = user_cmd->add_subcommand("add", "Create a staff login");
  add_config_flags(*add, context, false);
  add->add_option("--username", flags->username, "login name (lower-cased)")->required();
  add->add_option("--password", flags->password, "at least 10 characters")->required();
  add->add_option("--role", flags->role, "warehouse, analyst or admin")
      ->required()
      ->check(CLI::IsMember({"warehouse", "analyst", "admin"}));
  add->callback([&context, flags] {
    const Config config = context.load_config();
    auto db = open_database(config);
    customers::Accounts accounts(*db, config, context.clock);
    const auto id =
        accounts.add_staff(flags->username, flags->password, *customers::parse_role(flags->role));
    if (!id) throw CommandError(id.error().code + ": " + id.error().message);
    std::cout << "created " << flags->role << " login '" << flags->username << "' (account " << *id
              << ")\n";
  });
}

}  // namespace cw::cli
