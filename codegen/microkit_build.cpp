#include "codegen/microkit_build.hpp"

#include "codegen/c_names.hpp"
#include "codegen/generate_c.hpp"
#include "vm/subprocess.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace bulkhead::codegen {

namespace fs = std::filesystem;

namespace {

// Runs a tool; its output (diagnostics) becomes the error when it fails.
std::expected<void, std::string> run(const std::vector<std::string>& argv, const std::string& what) {
  auto result = vm::runCommand(argv);
  if (!result) return std::unexpected(what + ": " + result.error().message);
  if (result->exitStatus != 0) {
    std::string output = result->output;
    if (!output.empty() && output.back() != '\n') output += '\n';
    return std::unexpected(output + what + " failed (" + argv[0] + " exit status " +
                           std::to_string(result->exitStatus) + ")");
  }
  return {};
}

std::vector<std::string> linkOptions(const fs::path& cRuntimeDir) {
  std::vector<std::string> options;
  std::ifstream in(cRuntimeDir / "link.txt");
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) options.push_back(line);
  return options;
}

// The user files DIR holds for threads that are not C threads of the model
// (HAMR leaves stale ones behind, e.g. for monitors).
std::vector<std::string> strayUserFiles(const fs::path& hamrDir, const std::set<std::string>& built) {
  std::vector<std::string> stray;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(hamrDir / "components", error)) {
    const std::string pd = entry.path().filename().string();
    if (built.contains(pd)) continue;
    if (fs::exists(hamrDir / microkitUserFile(pd), error)) stray.push_back(microkitUserFile(pd));
  }
  return stray;
}

}  // namespace

std::expected<fs::path, std::string> findCRuntime(const fs::path& executableDir) {
  for (const fs::path& candidate :
       {executableDir / "c-runtime", executableDir.parent_path() / "lib" / "bulkhead" / "c-runtime"}) {
    std::error_code error;
    if (fs::exists(candidate / "libbulkhead_c_partition.a", error)) return candidate;
  }
  return std::unexpected("bulkhead's C runtime (c-runtime/libbulkhead_c_partition.a) is not next to the bulkhead "
                         "executable in " + executableDir.string() + " (build the target bulkhead_c_runtime)");
}

std::expected<MicrokitBuild, std::string> buildMicrokitPartitions(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                                  const MicrokitBuildOptions& options) {
  std::error_code error;
  if (!fs::is_directory(options.hamrDir, error))
    return std::unexpected("--hamr-microkit " + options.hamrDir.string() + ": not a directory");
  const fs::path gen = options.workDir / "gen";
  auto generated = generateC(plan, planFingerprint, CGenerateOptions{.outputDir = gen, .userDir = {}, .writeSkeletons = false});
  if (!generated) {
    std::string message;
    for (const std::string& e : generated.error()) message += (message.empty() ? "" : "\n") + e;
    return std::unexpected(message);
  }
  MicrokitBuild build;
  for (const std::string& thread : generated->skippedThreads)
    build.notes.push_back("thread " + thread + " is not C (HAMR::Microkit_Language): bulkhead runs C user code only; "
                          "its partition needs a program of its own");

  const std::string include = "-I" + (gen / "include").string();
  const fs::path objects = options.workDir / "obj";
  const fs::path programs = options.workDir / "partitions";
  fs::create_directories(objects, error);
  fs::create_directories(programs, error);
  if (error) return std::unexpected("cannot create " + programs.string() + ": " + error.message());
  const std::vector<std::string> extra = linkOptions(options.cRuntimeDir);
  std::set<std::string> built;

  for (const std::string& name : generated->partitions) {
    const plan::Partition* partition = nullptr;
    for (const plan::Partition& p : plan.partitions)
      if (p.name == name) partition = &p;
    std::vector<std::string> link{"c++", "-o", (programs / name).string()};
    const std::string main = (objects / (name + "_partition.o")).string();
    if (auto done = run({"cc", "-std=gnu11", "-O2", include, "-c", (gen / "partitions" / (name + ".c")).string(), "-o", main},
                        "compiling partition " + name + "'s description");
        !done)
      return std::unexpected(done.error());
    link.push_back(main);
    for (const plan::Thread& thread : partition->threads) {
      const std::string pd = microkitName(*partition, thread);
      built.insert(pd);
      const fs::path user = options.hamrDir / microkitUserFile(pd);
      if (!fs::exists(user, error))
        return std::unexpected("thread " + thread.instanceName + " has no user code: " + user.string() +
                               " does not exist");
      const std::string userObject = (objects / (pd + "_user.o")).string();
      const std::string glueObject = (objects / (pd + "_bulkhead.o")).string();
      const std::string threadObject = (objects / (pd + ".o")).string();
      // As HAMR's build compiles it: C, no -Werror (user code passes extra printf arguments).
      if (auto done = run({"cc", "-std=gnu11", "-O2", "-fno-common", include, "-c", user.string(), "-o", userObject},
                          "compiling " + user.string());
          !done)
        return std::unexpected(done.error());
      if (auto done = run({"cc", "-std=gnu11", "-O2", "-fno-common", include, "-c",
                           (gen / "glue" / (pd + "_bulkhead.c")).string(), "-o", glueObject},
                          "compiling thread " + pd + "'s glue");
          !done)
        return std::unexpected(done.error());
      if (auto done = run({"ld", "-r", userObject, glueObject, "-o", threadObject}, "linking thread " + pd); !done)
        return std::unexpected(done.error());
      if (auto done = run({"objcopy", "--keep-global-symbol=" + microkitThreadSymbol(pd), threadObject},
                          "isolating thread " + pd + "'s names");
          !done)
        return std::unexpected(done.error());
      link.push_back(threadObject);
    }
    link.push_back((options.cRuntimeDir / "libbulkhead_c_partition.a").string());
    link.insert(link.end(), extra.begin(), extra.end());
    // A VM's program goes into its guest's initramfs: statically linked.
    // (Not under sanitizers: their runtimes cannot be linked statically.)
    const bool sanitized = std::any_of(extra.begin(), extra.end(), [](const std::string& o) { return o.starts_with("-fsanitize"); });
    if (partition->kind == plan::PartitionKind::VirtualMachine && !sanitized) link.push_back("-static");
    if (auto done = run(link, "linking partition " + name); !done) return std::unexpected(done.error());
    build.programs.emplace(name, programs / name);
  }
  for (const std::string& file : strayUserFiles(options.hamrDir, built))
    build.notes.push_back(file + " is not the code of a C thread of " + plan.system + ": not built");
  return build;
}

}  // namespace bulkhead::codegen
