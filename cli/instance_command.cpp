#include "cli/commands.hpp"

#include <cstdio>

namespace bulkhead::cli {

// Not built yet: says so and fails, so no caller mistakes it for success.
void addInstanceCommand(CLI::App& app, int& exitStatus) {
  auto* cmd = app.add_subcommand("instance", "(not implemented yet)");
  cmd->allow_extras();
  cmd->callback([&exitStatus] {
    std::fprintf(stderr, "bulkhead instance: not implemented yet\n");
    exitStatus = 2;
  });
}

}  // namespace bulkhead::cli
