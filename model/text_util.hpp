#pragma once
// Small helpers for AADL's case-insensitive names.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace bulkhead::model {

inline bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

inline std::string toLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// 'name': messages quote the names they cite.
inline std::string inQuotes(std::string_view name) { return "'" + std::string(name) + "'"; }

// "a thread", "an abstract", "an event data port": messages name categories with their article.
inline std::string withArticle(std::string_view word) {
  bool vowel = !word.empty() && std::string_view("aeiouAEIOU").find(word.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(word);
}

}  // namespace bulkhead::model
