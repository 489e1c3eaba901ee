#include "cli/commands.hpp"
#include "cli/model_input.hpp"

#include <memory>
#include <string>
#include <vector>

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
  cmd->add_option("files", options->files, "The model's .aadl files, or one OSATE/HAMR instance file (.json)")->required();
  cmd->add_option("--root", options->root, "The system implementation to instantiate (pkg::top.impl or top.impl)");
  cmd->callback([options, &exitStatus] {
    model::LoadOptions load;
    load.root = options->root;
    load.requireRoot = false;  // a library package without a system is fine to check
    exitStatus = loadModelOrReport(options->files, load) ? 0 : 1;
  });
}

}  // namespace bulkhead::cli
