#include "cli/commands.hpp"
#include "cli/model_input.hpp"
#include "model/air_writer.hpp"
#include "model/instance_json.hpp"

#include <cstdio>

namespace bulkhead::cli {

namespace {

struct InstanceOptions {
  std::vector<std::string> files;
  std::string root;
  bool json = false;
  bool air = false;
};

}  // namespace

// Prints the instance tree and the semantic connections, as text or JSON.
void addInstanceCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<InstanceOptions>();
  auto* cmd = app.add_subcommand("instance", "Instantiate the model's root system and print the instance model");
  cmd->add_option("files", options->files, "The model's .aadl files, or one OSATE/HAMR instance file (.json)")->required();
  cmd->add_option("--root", options->root, "The system implementation to instantiate (pkg::top.impl or top.impl)");
  cmd->add_flag("--json", options->json, "Print JSON instead of text");
  cmd->add_flag("--air", options->air, "Print the instance as OSATE/HAMR instance JSON (AIR, as in .slang/*_Instance.json)");
  cmd->callback([options, &exitStatus] {
    model::LoadOptions load;
    load.root = options->root;
    auto result = loadModelOrReport(options->files, load);
    if (!result) {
      exitStatus = 1;
      return;
    }
    std::string text = options->air    ? model::toAir(*result).dump(2) + "\n"
                       : options->json ? model::toJson(*result).dump(2) + "\n"
                                       : model::toText(*result);
    std::fputs(text.c_str(), stdout);
    exitStatus = 0;
  });
}

}  // namespace bulkhead::cli
