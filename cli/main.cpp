// bulkhead: from an AADL model to a running partitioned system.
#include "cli/commands.hpp"

#include <cstdio>

std::filesystem::path bulkhead::cli::ownDirectory() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : self.parent_path();
}

int main(int argc, char** argv) {
  CLI::App app{"bulkhead: run partitioned AADL systems (HAMR semantics) on Linux"};
  app.set_version_flag("--version", std::string("bulkhead ") + BULKHEAD_VERSION);
  app.require_subcommand(1);
  int exitStatus = 0;
  bulkhead::cli::addCheckCommand(app, exitStatus);
  bulkhead::cli::addInstanceCommand(app, exitStatus);
  bulkhead::cli::addPlanCommand(app, exitStatus);
  bulkhead::cli::addGenCommand(app, exitStatus);
  bulkhead::cli::addRunCommand(app, exitStatus);
  bulkhead::cli::addSimCommand(app, exitStatus);
  bulkhead::cli::addGraphCommand(app, exitStatus);
  bulkhead::cli::addNewCommand(app, exitStatus);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    // A usage error is one line and status 2, like other command-line tools.
    std::fprintf(stderr, "bulkhead: %s\n", e.what());
    return bulkhead::cli::kUsageError;
  }
  return exitStatus;
}
