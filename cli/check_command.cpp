#include "cli/commands.hpp"
#include "model/load.hpp"

#include <cstdio>
#include <unistd.h>

namespace bulkhead::cli {

namespace {

struct CheckOptions {
  std::vector<std::string> files;
  std::string root;
};

}  // namespace

// Parses, resolves, instantiates and checks; silent on a good model.
void addCheckCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Parse and check an AADL model (silent and exit 0 when it is good)");
  cmd->add_option("files", options->files, "The model's .aadl files")->required();
  cmd->add_option("--root", options->root, "The system implementation to instantiate (pkg::top.impl or top.impl)");
  cmd->callback([options, &exitStatus] {
    std::vector<std::filesystem::path> paths(options->files.begin(), options->files.end());
    model::LoadOptions load;
    load.root = options->root;
    load.requireRoot = false;  // a library package without a system is fine to check
    auto result = model::loadModel(paths, load);
    bool colour = isatty(STDERR_FILENO) != 0;
    if (!result) {
      std::fputs(model::render(result.error(), colour).c_str(), stderr);
      exitStatus = 1;
      return;
    }
    std::fputs(model::render(result->warnings, colour).c_str(), stderr);
    exitStatus = 0;
  });
}

}  // namespace bulkhead::cli
