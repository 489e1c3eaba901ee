#include "model/predeclared.hpp"

#include "model/declarations.hpp"
#include "model/text_util.hpp"

#include <algorithm>
#include <unordered_map>

namespace bulkhead::model {

std::string_view PredeclaredSource::declared() const {
  std::string_view n = name;
  if (std::size_t slash = n.rfind('/'); slash != std::string_view::npos) n.remove_prefix(slash + 1);
  if (n.ends_with(".aadl")) n.remove_suffix(5);
  return n;
}

std::string_view PredeclaredSource::release() const {
  std::string_view n = name;
  n.remove_prefix(std::min(n.size(), std::string_view("predeclared/").size()));
  std::size_t slash = n.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : n.substr(0, slash);
}

std::vector<const PredeclaredSource*> earlierReleases() {
  std::vector<const PredeclaredSource*> result;
  for (const PredeclaredSource& s : predeclaredSources())
    if (!s.release().empty()) result.push_back(&s);
  return result;
}

namespace {

bool isWordCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Calls `found` with each identifier of `text`, lower-case: one pass over the
// text whatever the number of candidate sets (scanning once per candidate grew
// with every set shipped).
template <typename Found>
void forEachIdentifier(std::string_view text, Found found) {
  std::string word;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && isWordCharacter(text[i])) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    } else if (!word.empty()) {
      found(word);
      word.clear();
    }
  }
}

}  // namespace

std::vector<const PredeclaredSource*> predeclaredSourcesFor(const std::vector<std::string_view>& modelTexts,
                                                            const std::unordered_set<std::string>& declaredByModel,
                                                            const std::vector<std::string>& only,
                                                            const PredeclaredSource* earlier) {
  struct Candidate {
    const PredeclaredSource* source;
    std::string lowerName;
    bool chosen = false;
  };
  std::vector<Candidate> candidates;
  for (const PredeclaredSource& s : predeclaredSources()) {
    if (!s.release().empty() && &s != earlier) continue;
    if (earlier && s.release().empty() && equalsIgnoreCase(s.declared(), earlier->declared())) continue;
    std::string lower = toLower(s.declared());
    if (declaredByModel.contains(lower)) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), lower) == only.end()) continue;
    candidates.push_back({&s, std::move(lower)});
  }
  // The standard sets name no other set (and their enumerators, like ARINC653,
  // are no reference to one), so their texts are not scanned.
  for (Candidate& c : candidates)
    if (Declarations::isStandardPropertySet(c.source->declared())) c.chosen = true;
  std::unordered_map<std::string_view, Candidate*> byName;
  for (Candidate& c : candidates)
    if (!c.chosen) byName.emplace(c.lowerName, &c);
  // Texts still to scan for names: the model's, then each chosen source's.
  std::vector<std::string_view> pending(modelTexts.begin(), modelTexts.end());
  while (!pending.empty() && !byName.empty()) {
    std::string_view text = pending.back();
    pending.pop_back();
    forEachIdentifier(text, [&](const std::string& word) {
      auto it = byName.find(word);
      if (it == byName.end()) return;
      it->second->chosen = true;
      pending.push_back(it->second->source->text);
      byName.erase(it);
    });
  }
  std::vector<const PredeclaredSource*> result;
  for (const Candidate& c : candidates)
    if (c.chosen) result.push_back(c.source);
  return result;
}

}  // namespace bulkhead::model
