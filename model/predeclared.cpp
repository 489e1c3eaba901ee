#include "model/predeclared.hpp"

#include "model/declarations.hpp"
#include "model/text_util.hpp"

#include <algorithm>

namespace bulkhead::model {

std::string_view PredeclaredSource::declared() const {
  std::string_view n = name;
  if (std::size_t slash = n.rfind('/'); slash != std::string_view::npos) n.remove_prefix(slash + 1);
  if (n.ends_with(".aadl")) n.remove_suffix(5);
  return n;
}

namespace {

bool isWordCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `lowerText` holds `lowerWord` as a whole identifier.
bool mentions(std::string_view lowerText, std::string_view lowerWord) {
  for (std::size_t at = lowerText.find(lowerWord); at != std::string_view::npos;
       at = lowerText.find(lowerWord, at + 1)) {
    bool before = at > 0 && isWordCharacter(lowerText[at - 1]);
    std::size_t end = at + lowerWord.size();
    bool after = end < lowerText.size() && isWordCharacter(lowerText[end]);
    if (!before && !after) return true;
  }
  return false;
}

}  // namespace

std::vector<const PredeclaredSource*> predeclaredSourcesFor(const std::vector<std::string_view>& modelTexts,
                                                            const std::unordered_set<std::string>& declaredByModel,
                                                            const std::vector<std::string>& only) {
  struct Candidate {
    const PredeclaredSource* source;
    std::string lowerName;
    bool chosen = false;
  };
  std::vector<Candidate> candidates;
  for (const PredeclaredSource& s : predeclaredSources()) {
    std::string lower = toLower(s.declared());
    if (declaredByModel.contains(lower)) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), lower) == only.end()) continue;
    candidates.push_back({&s, std::move(lower)});
  }
  // Texts still to scan for names: the model's, then each chosen source's.
  std::vector<std::string> pending;
  for (std::string_view t : modelTexts) pending.push_back(toLower(t));
  // The standard sets name no other set (and their enumerators, like ARINC653,
  // are no reference to one), so their texts are not scanned.
  for (Candidate& c : candidates)
    if (Declarations::isStandardPropertySet(c.source->declared())) c.chosen = true;
  while (!pending.empty()) {
    std::string text = std::move(pending.back());
    pending.pop_back();
    for (Candidate& c : candidates)
      if (!c.chosen && mentions(text, c.lowerName)) {
        c.chosen = true;
        pending.push_back(toLower(c.source->text));
      }
  }
  std::vector<const PredeclaredSource*> result;
  for (const Candidate& c : candidates)
    if (c.chosen) result.push_back(c.source);
  return result;
}

}  // namespace bulkhead::model
