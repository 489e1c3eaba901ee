#include "cli/commands.hpp"

#include <cstdio>

namespace bulkhead::cli {

// Not built yet: says so and fails, so no caller mistakes it for success.
void addPlanCommand(CLI::App& app, int& exitStatus) {
  auto* cmd = app.add_subcommand("plan", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([&exitStatus] {
    std::fprintf(stderr, "bulkhead plan: not implemented yet\n");
    exitStatus = 2;
  });
}

}  // namespace bulkhead::cli
