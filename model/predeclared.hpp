#pragma once
// The property sets and packages that ship with bulkhead (model/predeclared/*.aadl),
// embedded at build time so the binary needs no install path. They are parsed
// exactly like user files, under the names "predeclared/<Name>.aadl".
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace bulkhead::model {

struct PredeclaredSource {
  std::string_view name;   // "predeclared/<Name>.aadl", or "predeclared/<Release>/<Name>.aadl"
  std::string_view text;
  // <Name>: the one property set or package the file declares.
  std::string_view declared() const;
  // <Release>: an earlier published release of a set bulkhead also ships in its
  // current release (BriefCASE-0.3 for CASE_Properties); empty for the current one.
  std::string_view release() const;
};

const std::vector<PredeclaredSource>& predeclaredSources();
// The earlier releases bulkhead ships, each used only in place of its set's
// current release (predeclaredSourcesFor's `earlier`).
std::vector<const PredeclaredSource*> earlierReleases();

// The predeclared sources a model is loaded with. The standard property sets
// always come (their properties are named without a set); every other set or
// package only when a text of the model, or of a source already chosen, names
// it as a word (a `with`, a qualified name) — so a small model parses only what
// it uses. A set or package the model declares itself is never added: the
// model's own copy wins. `only` (lower-case names), when not empty, limits the
// choice further (bench/model compares that against the full sets). `earlier`,
// when given, stands for its set's current release.
std::vector<const PredeclaredSource*> predeclaredSourcesFor(const std::vector<std::string_view>& modelTexts,
                                                            const std::unordered_set<std::string>& declaredByModel,
                                                            const std::vector<std::string>& only = {},
                                                            const PredeclaredSource* earlier = nullptr);

}  // namespace bulkhead::model
