// bulkhead graph MODEL... [--root X] [-o FILE.dot|FILE.svg]: the
// architecture as a Graphviz graph; SVG through Graphviz's `dot`.
#include "base/errno_text.hpp"
#include "base/find_on_path.hpp"
#include "base/spawn.hpp"
#include "cli/commands.hpp"
#include "cli/model_input.hpp"
#include "plan/plan_graph.hpp"

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace bulkhead::cli {

namespace {

struct GraphOptions {
  std::vector<std::string> files;
  std::string root;
  std::string output;
};

// Runs `dot -T<format> -o <output>` with the graph on its standard input.
bool renderWithDot(const std::string& dot, const std::string& format, const std::string& output, const std::string& graph,
                   std::string& error) {
  int pipeFds[2];
  if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
    error = base::errnoText("pipe");
    return false;
  }
  base::SpawnOptions options;
  options.dup2 = {{pipeFds[0], STDIN_FILENO}};
  auto pid = base::spawnProcess(dot, {dot, "-T" + format, "-o", output}, options);
  close(pipeFds[0]);
  if (!pid) {
    close(pipeFds[1]);
    error = pid.error();
    return false;
  }
  // dot may exit early (a bad graph); that must be an error message, not SIGPIPE.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);
  size_t written = 0;
  while (written < graph.size()) {
    ssize_t n = write(pipeFds[1], graph.data() + written, graph.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(pipeFds[1]);
  sigaction(SIGPIPE, &previous, nullptr);
  const int status = base::waitForExit(*pid);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "Graphviz's dot failed to write " + output;
    return false;
  }
  return true;
}

int runGraph(const GraphOptions& options) {
  std::string extension = std::filesystem::path(options.output).extension().string();
  std::string format;
  if (!options.output.empty() && extension != ".dot" && extension != ".gv") {
    if (extension == ".svg" || extension == ".png" || extension == ".pdf") format = extension.substr(1);
    else {
      std::fprintf(stderr, "bulkhead graph: cannot write '%s': the output must end in .dot, .svg, .png or .pdf\n",
                   options.output.c_str());
      return 1;
    }
  }
  auto result = loadPlanOrReport(options.files, options.root);
  if (!result) return 1;
  std::string graph = plan::planDot(*result);

  if (options.output.empty()) {
    std::fputs(graph.c_str(), stdout);
    return 0;
  }
  if (format.empty()) {
    std::ofstream out(options.output, std::ios::binary);
    out << graph;
    if (!out.flush()) {
      std::fprintf(stderr, "bulkhead graph: cannot write '%s'\n", options.output.c_str());
      return 1;
    }
    return 0;
  }
  std::string dot = base::findOnPath("dot").string();
  if (dot.empty()) {
    std::fprintf(stderr,
                 "bulkhead graph: cannot write '%s': Graphviz's `dot` is not installed (Debian package graphviz); "
                 "write a .dot file instead\n",
                 options.output.c_str());
    return 1;
  }
  std::string error;
  if (!renderWithDot(dot, format, options.output, graph, error)) {
    std::fprintf(stderr, "bulkhead graph: %s\n", error.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

void addGraphCommand(CLI::App& app, int& exitStatus) {
  auto options = std::make_shared<GraphOptions>();
  auto* cmd = app.add_subcommand("graph", "Draw the architecture as a Graphviz graph (DOT, or SVG via dot)");
  cmd->add_option("MODEL", options->files, "AADL files of the model")->required();
  cmd->add_option("--root", options->root, "Root system implementation (pkg::top.impl or top.impl)");
  cmd->add_option("-o,--output", options->output, "Output file: .dot (default: standard output), .svg, .png or .pdf");
  cmd->callback([options, &exitStatus] { exitStatus = runGraph(*options); });
}

}  // namespace bulkhead::cli
