#include "cli/commands.hpp"
#include "model/instance_json.hpp"
#include "model/load.hpp"

#include <cstdio>
#include <unistd.h>

namespace bulkhead::cli {

namespace {

struct InstanceOptions {
  std::vector<std::string> files;
  std::string root;
  bool json = false;
};

}  // namespace

// Prints the instance tree and the semantic connections, as text or JSON.
void addInstanceCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<InstanceOptions>();
  auto* cmd = app.add_subcommand("instance", "Instantiate the model's root system and print the instance model");
  cmd->add_option("files", options->files, "The model's .aadl files")->required();
  cmd->add_option("--root", options->root, "The system implementation to instantiate (pkg::top.impl or top.impl)");
  cmd->add_flag("--json", options->json, "Print JSON instead of text");
  cmd->callback([options, &exitStatus] {
    std::vector<std::filesystem::path> paths(options->files.begin(), options->files.end());
    model::LoadOptions load;
    load.root = options->root;
    auto result = model::loadModel(paths, load);
    bool colour = isatty(STDERR_FILENO) != 0;
    if (!result) {
      std::fputs(model::render(result.error(), colour).c_str(), stderr);
      exitStatus = 1;
      return;
    }
    std::fputs(model::render(result->warnings, colour).c_str(), stderr);
    std::string text = options->json ? model::toJson(*result).dump(2) + "\n" : model::toText(*result);
    std::fputs(text.c_str(), stdout);
    exitStatus = 0;
  });
}

}  // namespace bulkhead::cli
