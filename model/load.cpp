#include "model/load.hpp"

#include "model/air_reader.hpp"
#include "model/declaration_checks.hpp"
#include "model/declarations.hpp"
#include "model/instance_checks.hpp"
#include "model/instantiation.hpp"
#include "model/parser.hpp"
#include "model/predeclared.hpp"
#include "model/property_evaluation.hpp"
#include "model/semantic_connections.hpp"
#include "model/text_util.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace bulkhead::model {

namespace {

Diagnostic fileError(const std::string& file, std::string message) {
  Diagnostic d;
  d.location.file = file;
  d.message = std::move(message);
  return d;
}

// Everything the pipeline builds holds pointers into the sources and the
// syntax trees, so they live together until the instance model is out.
struct Session {
  std::vector<std::unique_ptr<SourceFile>> files;
  std::vector<ast::AadlFile> trees;
  std::unordered_map<std::string, const SourceFile*> fileByName;
  std::vector<const ast::ClassifierDecl*> userSystems;     // every system implementation
  std::vector<const ast::ClassifierDecl*> topSystems;      // those no subcomponent uses
  std::string lastModelFile;  // where a diagnostic about the whole model is placed
};

std::string candidates(const std::vector<const ast::ClassifierDecl*>& systems) {
  std::string out;
  for (const auto* s : systems) out += (out.empty() ? "" : ", ") + Declarations::qualifiedName(*s);
  return out;
}

std::expected<const ast::ClassifierDecl*, Diagnostic> chooseRoot(const Session& session, const LoadOptions& options) {
  const auto& systems = session.userSystems;
  if (!options.root.empty()) {
    std::vector<const ast::ClassifierDecl*> matches;
    for (const auto* s : systems)
      if (equalsIgnoreCase(Declarations::qualifiedName(*s), options.root) || equalsIgnoreCase(s->name(), options.root))
        matches.push_back(s);
    if (matches.size() == 1) return matches.front();
    std::string file = session.lastModelFile;
    if (matches.empty())
      return std::unexpected(fileError(file, "no system implementation '" + options.root + "'" +
                                                 (systems.empty() ? std::string(" (there is none)")
                                                                  : " (found: " + candidates(systems) + ")")));
    return std::unexpected(fileError(file, "root '" + options.root + "' is ambiguous (" + candidates(matches) +
                                               "): name it with its package, pkg::" + options.root));
  }
  // Without --root: the only system implementation that is not itself a subcomponent.
  const auto& tops = session.topSystems;
  if (tops.size() == 1) return tops.front();
  if (tops.empty()) {
    std::string file = session.lastModelFile;
    return std::unexpected(fileError(file, "no system implementation to instantiate"));
  }
  Diagnostic d = ast::diagnosticAt(Severity::Error, tops[1]->loc,
                                   "more than one system implementation (" + candidates(tops) +
                                       "): choose the root with --root");
  return std::unexpected(std::move(d));
}

// After parsing: resolve, check, instantiate, check again.
std::expected<InstanceModel, Diagnostics> run(Session& session, const LoadOptions& options, Diagnostics diagnostics) {
  Declarations declarations;
  for (const ast::AadlFile& tree : session.trees) declarations.addFile(tree, diagnostics);
  declarations.link(diagnostics);
  PropertyEvaluator evaluator(declarations);
  checkDeclarations(declarations, evaluator, diagnostics);
  if (diagnostics.hasErrors()) {
    diagnostics.removeDuplicates();
    return std::unexpected(std::move(diagnostics));
  }

  for (const ast::AadlFile& tree : session.trees)
    for (const auto& p : tree.packages)
      if (!p->predeclared)
        for (const auto& c : p->classifiers)
          if (c->isImplementation && c->category == ComponentCategory::System) session.userSystems.push_back(c.get());
  std::unordered_set<const ast::ClassifierDecl*> used;
  for (const ast::PackageDecl* p : declarations.packages())
    for (const auto& c : p->classifiers)
      for (const auto& s : c->subcomponents)
        if (s.classifier.present()) {
          Diagnostics ignored;  // already reported by the checks
          if (const auto* k = declarations.resolveClassifier(s.classifier, *p, ignored)) used.insert(k);
        }
  for (const auto* s : session.userSystems)
    if (!used.contains(s)) session.topSystems.push_back(s);
  if (session.userSystems.empty() && options.root.empty() && !options.requireRoot) {
    InstanceModel empty;
    empty.warnings = std::move(diagnostics);
    return empty;
  }
  // `check` without --root checks every top-level system implementation (a user
  // may instantiate any of them); `instance` and the later stages need one.
  std::vector<const ast::ClassifierDecl*> roots;
  if (!options.requireRoot && options.root.empty() && session.topSystems.size() > 1) {
    roots = session.topSystems;
  } else {
    auto root = chooseRoot(session, options);
    if (!root) {
      diagnostics.items.push_back(root.error());
      return std::unexpected(std::move(diagnostics));
    }
    roots.push_back(*root);
  }
  DiagnosticMaker make = [&session](Severity severity, const SourceLocation& at, std::string message) {
    auto it = session.fileByName.find(at.file);
    if (it == session.fileByName.end()) {
      Diagnostic d = fileError(at.file, std::move(message));
      d.severity = severity;
      d.location = at;
      return d;
    }
    return it->second->diagnostic(severity, at.line, at.column, std::move(message));
  };
  std::optional<InstanceModel> first;
  for (const ast::ClassifierDecl* root : roots) {
    Instantiation instantiation = instantiate(*root, declarations, evaluator, diagnostics);
    resolveSemanticConnections(instantiation, diagnostics);
    checkInstance(instantiation, make, diagnostics);
    if (!first) first = std::move(instantiation.model);
  }
  // Declarations shared by several roots (or reached twice) report once.
  diagnostics.removeDuplicates();
  if (diagnostics.hasErrors()) return std::unexpected(std::move(diagnostics));
  first->warnings = std::move(diagnostics);
  return std::move(*first);
}

// Parses the predeclared sources the model needs (predeclaredSourcesFor) into
// session.trees, marked predeclared, ahead of the model's own trees; returns them.
std::vector<const PredeclaredSource*> addPredeclared(Session& session, const std::vector<ast::AadlFile>& modelTrees,
                                                     const std::vector<std::string>& only,
                                                     const PredeclaredSource* earlier, Diagnostics& diagnostics) {
  std::vector<std::string_view> texts;
  std::unordered_set<std::string> declared;
  for (const auto& f : session.files) texts.push_back(f->text());
  for (const ast::AadlFile& tree : modelTrees) {
    for (const auto& p : tree.packages) declared.insert(toLower(p->name.text));
    for (const auto& s : tree.propertySets) declared.insert(toLower(s->name.text));
  }
  std::vector<const PredeclaredSource*> chosen = predeclaredSourcesFor(texts, declared, only, earlier);
  for (const PredeclaredSource* source : chosen) {
    const auto& file =
        session.files.emplace_back(std::make_unique<SourceFile>(std::string(source->name), std::string(source->text)));
    session.fileByName.emplace(file->name(), file.get());
    ast::AadlFile& tree = session.trees.emplace_back(parseFile(*file, diagnostics));
    for (auto& p : tree.packages) p->predeclared = true;
    for (auto& s : tree.propertySets) s->predeclared = true;
  }
  return chosen;
}

struct Attempt {
  std::expected<InstanceModel, Diagnostics> result;
  std::vector<const PredeclaredSource*> predeclared;  // the shipped sources it was loaded with
};

// One load of the model, with `earlier` (when given) in place of its set's current release.
Attempt loadWith(std::vector<SourceText> sources, const LoadOptions& options, const std::vector<std::string>& only,
                 const PredeclaredSource* earlier) {
  Session session;
  Diagnostics diagnostics;
  std::vector<ast::AadlFile> modelTrees;
  for (SourceText& s : sources) {
    const auto& file = session.files.emplace_back(std::make_unique<SourceFile>(s.name, std::move(s.text)));
    session.fileByName.emplace(file->name(), file.get());
    modelTrees.push_back(parseFile(*file, diagnostics));
    session.lastModelFile = file->name();
  }
  // The predeclared trees go first, so a duplicate inside the model is reported at the model's copy.
  Attempt attempt{std::unexpected(Diagnostics{}), addPredeclared(session, modelTrees, only, earlier, diagnostics)};
  for (ast::AadlFile& tree : modelTrees) session.trees.push_back(std::move(tree));
  if (diagnostics.hasErrors()) {
    attempt.result = std::unexpected(std::move(diagnostics));
    return attempt;
  }
  attempt.result = run(session, options, std::move(diagnostics));
  return attempt;
}

// "BriefCASE 0.3" for predeclared/BriefCASE-0.3/...
std::string releaseName(const PredeclaredSource& source) {
  std::string name(source.release());
  std::ranges::replace(name, '-', ' ');
  return name;
}

const Diagnostic* firstError(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics.items)
    if (d.severity == Severity::Error) return &d;
  return nullptr;
}

std::string placed(const Diagnostic& d) {
  if (d.location.line == 0) return d.location.file + ": " + d.message;
  return d.location.file + ":" + std::to_string(d.location.line) + ":" + std::to_string(d.location.column) + ": " +
         d.message;
}

}  // namespace

std::expected<InstanceModel, Diagnostics> loadModel(std::vector<SourceText> sources, const LoadOptions& options) {
  return loadModel(std::move(sources), options, {});
}

std::expected<InstanceModel, Diagnostics> loadModel(std::vector<SourceText> sources, const LoadOptions& options,
                                                    const std::vector<std::string>& onlyPredeclared) {
  std::vector<const PredeclaredSource*> earlier = earlierReleases();
  std::vector<SourceText> again;
  if (!earlier.empty()) again = sources;
  Attempt current = loadWith(std::move(sources), options, onlyPredeclared, nullptr);
  if (current.result) return std::move(current.result);
  // A model written for an earlier published release of a set we ship (BriefCASE
  // 0.3's CASE_Properties: COMP_TYPE, OS as a string) fails against the current
  // release. It is checked again, whole, against each earlier release alone:
  // accepted only if every value fits that one definition, never a mix.
  const Diagnostic* currentError = firstError(current.result.error());
  std::vector<std::pair<const PredeclaredSource*, Attempt>> others;
  for (const PredeclaredSource* release : earlier) {
    bool usesSet = std::ranges::any_of(current.predeclared, [&](const PredeclaredSource* s) {
      return equalsIgnoreCase(s->declared(), release->declared());
    });
    if (!usesSet) continue;
    Attempt older = loadWith(again, options, onlyPredeclared, release);
    if (older.result) {
      Diagnostic note;
      note.severity = Severity::Note;
      note.location.file = std::string(release->name);
      note.message = "the model is written for " + releaseName(*release) + "'s " + std::string(release->declared()) +
                     " and checked against it (the current release, which bulkhead also ships, rejects it" +
                     (currentError ? ": " + placed(*currentError) : std::string()) + ")";
      older.result->warnings.items.push_back(std::move(note));
      return std::move(older.result);
    }
    others.emplace_back(release, std::move(older));
  }
  // Rejected against every release: the errors of the one that leaves fewest (a
  // model written for an earlier one whose own error is elsewhere, or that needs
  // --root, says so), with notes naming what the other releases reject first.
  Attempt* shown = &current;
  const PredeclaredSource* shownRelease = nullptr;
  for (auto& [release, attempt] : others)
    if (attempt.result.error().errorCount() < shown->result.error().errorCount()) {
      shown = &attempt;
      shownRelease = release;
    }
  Diagnostic* first = nullptr;
  for (Diagnostic& d : shown->result.error().items)
    if (d.severity == Severity::Error) {
      first = &d;
      break;
    }
  auto noteAt = [&](const Diagnostic& other, std::string message) {
    // The same error against either release (the same place, or the same words) needs no note.
    if (!first || other.message == first->message ||
        (other.location.file == first->location.file && other.location.line == first->location.line &&
         other.location.column == first->location.column))
      return;
    Diagnostic note;
    note.severity = Severity::Note;
    note.location = other.location;
    note.sourceLine = other.sourceLine;
    note.message = std::move(message) + other.message;
    first->notes.push_back(std::move(note));
  };
  if (shownRelease && currentError)
    noteAt(*currentError, "checked against " + releaseName(*shownRelease) + "'s " +
                              std::string(shownRelease->declared()) +
                              ", which bulkhead also ships, as it leaves the fewest errors; the current release " +
                              "rejects the model with: ");
  for (auto& [release, attempt] : others)
    if (&attempt != shown)
      if (const Diagnostic* e = firstError(attempt.result.error()))
        noteAt(*e, "nor does the model check against " + releaseName(*release) + "'s " +
                       std::string(release->declared()) + ", which bulkhead also ships: ");
  return std::move(shown->result);
}

std::expected<InstanceModel, Diagnostics> loadModel(const std::vector<std::filesystem::path>& files,
                                                    const LoadOptions& options) {
  // An OSATE/HAMR instance file stands for the whole model (air_reader.hpp).
  if (files.size() == 1 && isAirFile(files.front())) return loadAirFile(files.front());
  Diagnostics diagnostics;
  std::vector<SourceText> sources;
  for (const auto& path : files) {
    std::string name = path.string();
    if (path.extension() != ".aadl") {
      diagnostics.items.push_back(fileError(name, isAirFile(path) ? "an instance file (.json) is read alone, without .aadl files"
                                                                 : "not an AADL file (expected a .aadl file)"));
      continue;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      diagnostics.items.push_back(fileError(name, "is a directory, not an AADL file"));
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diagnostics.items.push_back(fileError(name, "cannot read file"));
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    sources.push_back({name, text.str()});
  }
  if (diagnostics.hasErrors()) return std::unexpected(std::move(diagnostics));
  return loadModel(std::move(sources), options);
}

}  // namespace bulkhead::model
