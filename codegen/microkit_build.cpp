#include "codegen/microkit_build.hpp"

#include "codegen/c_emitters.hpp"
#include "codegen/c_names.hpp"
#include "codegen/generate_c.hpp"
#include "codegen/write_file.hpp"
#include "vm/subprocess.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>

namespace bulkhead::codegen {

namespace fs = std::filesystem;

namespace {

using Result = std::expected<void, std::string>;

// Runs a tool; its output (diagnostics) becomes the error when it fails.
Result run(const std::vector<std::string>& argv, const std::string& what) {
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
  std::sort(stray.begin(), stray.end());
  return stray;
}

// Every C partition's code compiled: per partition, its thread objects
// (each one thread's user code and glue, every name but its descriptor
// local). Position independent, for programs and simulation modules alike.
struct Compiled {
  fs::path gen;
  fs::path objects;
  std::vector<std::string> partitions;                          // C partitions, Plan order
  std::map<std::string, std::vector<std::string>> threadObjects;  // partition -> objects
  std::vector<std::string> notes;
};

const std::vector<std::string>& compileFlags() {
  // As HAMR's build compiles user code: C, no -Werror (user code passes extra printf arguments).
  static const std::vector<std::string> flags{"-std=gnu11", "-O2", "-fPIC", "-fno-common"};
  return flags;
}

Result compile(const fs::path& source, const std::string& object, const fs::path& gen, const std::string& what,
               const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv{"cc"};
  argv.insert(argv.end(), compileFlags().begin(), compileFlags().end());
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.insert(argv.end(), {"-I" + (gen / "include").string(), "-c", source.string(), "-o", object});
  return run(argv, what);
}

std::expected<Compiled, std::string> compileAll(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                const MicrokitBuildOptions& options) {
  std::error_code error;
  if (!fs::is_directory(options.hamrDir, error))
    return std::unexpected("--hamr-microkit " + options.hamrDir.string() + ": not a directory");
  Compiled compiled;
  compiled.gen = options.workDir / "gen";
  compiled.objects = options.workDir / "obj";
  auto generated =
      generateC(plan, planFingerprint, CGenerateOptions{.outputDir = compiled.gen, .userDir = {}, .writeSkeletons = false});
  if (!generated) {
    std::string message;
    for (const std::string& e : generated.error()) message += (message.empty() ? "" : "\n") + e;
    return std::unexpected(message);
  }
  for (const std::string& thread : generated->skippedThreads)
    compiled.notes.push_back("thread " + thread + " is not C (HAMR::Microkit_Language): bulkhead runs C user code only; "
                             "its partition needs a program of its own");
  fs::create_directories(compiled.objects, error);
  if (error) return std::unexpected("cannot create " + compiled.objects.string() + ": " + error.message());
  std::set<std::string> built;
  for (const std::string& name : generated->partitions) {
    const auto partition = std::find_if(plan.partitions.begin(), plan.partitions.end(),
                                        [&](const plan::Partition& p) { return p.name == name; });
    // A partition none of whose threads has user code in DIR is not one of
    // DIR's: its program is the build's (C++), so C and C++ partitions mix.
    const auto withCode = std::count_if(partition->threads.begin(), partition->threads.end(), [&](const plan::Thread& t) {
      return fs::exists(options.hamrDir / microkitUserFile(microkitName(*partition, t)), error);
    });
    if (withCode == 0) {
      compiled.notes.push_back("partition " + name + " has no user code in " + options.hamrDir.string() +
                               ": it runs the build's program (its C++ behaviour)");
      continue;
    }
    compiled.partitions.push_back(name);
    for (const plan::Thread& thread : partition->threads) {
      const std::string pd = microkitName(*partition, thread);
      built.insert(pd);
      const fs::path user = options.hamrDir / microkitUserFile(pd);
      if (!fs::exists(user, error))
        return std::unexpected("thread " + thread.instanceName + " has no user code: " + user.string() +
                               " does not exist (the other threads of partition " + name + " have)");
      const std::string userObject = (compiled.objects / (pd + "_user.o")).string();
      const std::string glueObject = (compiled.objects / (pd + "_bulkhead.o")).string();
      const std::string threadObject = (compiled.objects / (pd + ".o")).string();
      if (auto done = compile(user, userObject, compiled.gen, "compiling " + user.string()); !done) return std::unexpected(done.error());
      if (auto done = compile(compiled.gen / "glue" / (pd + "_bulkhead.c"), glueObject, compiled.gen,
                              "compiling thread " + pd + "'s glue");
          !done)
        return std::unexpected(done.error());
      if (auto done = run({"ld", "-r", userObject, glueObject, "-o", threadObject}, "linking thread " + pd); !done)
        return std::unexpected(done.error());
      // The thread's own symbol space: nothing it defines is seen outside but its descriptor.
      if (auto done = run({"objcopy", "--keep-global-symbol=" + microkitThreadSymbol(pd), threadObject},
                          "isolating thread " + pd + "'s names");
          !done)
        return std::unexpected(done.error());
      compiled.threadObjects[name].push_back(threadObject);
    }
  }
  for (const std::string& file : strayUserFiles(options.hamrDir, built))
    compiled.notes.push_back(file + " is not the code of a C thread of " + plan.system + ": not built");
  return compiled;
}

}  // namespace

plan::PlanOptions withMicrokitSchedule(plan::PlanOptions options, const fs::path& hamrDir) {
  if (hamrDir.empty()) return options;
  options.fallbackScheduleFile = (hamrDir / "microkit.schedule.xml").string();
  options.fallbackScheduleOrigin = "--hamr-microkit";
  return options;
}

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
  auto compiled = compileAll(plan, planFingerprint, options);
  if (!compiled) return std::unexpected(compiled.error());
  MicrokitBuild build;
  build.notes = compiled->notes;
  const fs::path programs = options.programsDir.empty() ? options.workDir / "partitions" : options.programsDir;
  std::error_code error;
  fs::create_directories(programs, error);
  if (error) return std::unexpected("cannot create " + programs.string() + ": " + error.message());
  const std::vector<std::string> extra = linkOptions(options.cRuntimeDir);
  const bool sanitized =
      std::any_of(extra.begin(), extra.end(), [](const std::string& o) { return o.starts_with("-fsanitize"); });
  for (const std::string& name : compiled->partitions) {
    const std::string description = (compiled->objects / (name + "_partition.o")).string();
    if (auto done = compile(compiled->gen / "partitions" / (name + ".c"), description, compiled->gen,
                            "compiling partition " + name + "'s description");
        !done)
      return std::unexpected(done.error());
    std::vector<std::string> link{"c++", "-o", (programs / name).string(), description};
    const auto& objects = compiled->threadObjects[name];
    link.insert(link.end(), objects.begin(), objects.end());
    link.push_back((options.cRuntimeDir / "libbulkhead_c_partition.a").string());
    link.insert(link.end(), extra.begin(), extra.end());
    // A VM's program goes into its guest's initramfs: statically linked
    // (not under sanitizers, whose runtimes cannot be).
    const auto partition = std::find_if(plan.partitions.begin(), plan.partitions.end(),
                                        [&](const plan::Partition& p) { return p.name == name; });
    if (partition->kind == plan::PartitionKind::VirtualMachine && !sanitized) link.push_back("-static");
    if (auto done = run(link, "linking partition " + name); !done) return std::unexpected(done.error());
    build.programs.emplace(name, programs / name);
  }
  return build;
}

std::expected<MicrokitModule, std::string> buildMicrokitSimModule(const plan::Plan& plan, std::uint64_t planFingerprint,
                                                                  const MicrokitBuildOptions& options) {
  auto compiled = compileAll(plan, planFingerprint, options);
  if (!compiled) return std::unexpected(compiled.error());
  MicrokitModule module{options.moduleFile.empty() ? options.workDir / "microkit.sim.so" : options.moduleFile,
                        compiled->notes, compiled->partitions};
  std::error_code error;
  fs::create_directories(module.module.parent_path(), error);
  if (error) return std::unexpected("cannot create " + module.module.parent_path().string() + ": " + error.message());
  std::vector<std::string> link{"c++", "-shared", "-o", module.module.string()};
  for (const std::string& name : compiled->partitions) {
    const std::string description = (compiled->objects / (name + "_partition_sim.o")).string();
    if (auto done = compile(compiled->gen / "partitions" / (name + ".c"), description, compiled->gen,
                            "compiling partition " + name + "'s description", {"-DBULKHEAD_MK_NO_MAIN"});
        !done)
      return std::unexpected(done.error());
    link.push_back(description);
    const auto& objects = compiled->threadObjects[name];
    link.insert(link.end(), objects.begin(), objects.end());
  }
  // The registry of the partitions built here (generateC's holds every C one).
  const fs::path registrySource = compiled->gen / "registry_built.c";
  if (auto written = writeIfChanged(registrySource, emitCRegistry(plan, planFingerprint, compiled->partitions)); !written)
    return std::unexpected(written.error());
  const std::string registry = (compiled->objects / "registry.o").string();
  if (auto done = compile(registrySource, registry, compiled->gen, "compiling the module's registry"); !done)
    return std::unexpected(done.error());
  link.push_back(registry);
  link.push_back((options.cRuntimeDir / "libbulkhead_c_partition.a").string());
  const std::vector<std::string> extra = linkOptions(options.cRuntimeDir);
  link.insert(link.end(), extra.begin(), extra.end());
  // Only the registry is the module's: its copy of the runtime stays its own.
  const fs::path map = options.workDir / "sim_module.map";
  std::ofstream(map) << "{\n  global: bulkhead_partition_registry;\n  local: *;\n};\n";
  link.push_back("-Wl,--version-script=" + map.string());
  if (auto done = run(link, "linking the simulation module"); !done) return std::unexpected(done.error());
  return module;
}

}  // namespace bulkhead::codegen
