#include "codegen/names.hpp"

#include <cctype>

namespace bulkhead::codegen {

std::string localClassifier(std::string_view classifier) {
  auto colons = classifier.rfind("::");
  return std::string(colons == std::string_view::npos ? classifier : classifier.substr(colons + 2));
}

std::string identifier(std::string_view name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front()))) out.insert(out.begin(), '_');
  return out;
}

std::string behaviourFileStem(std::string_view classifier) {
  std::string stem = identifier(localClassifier(classifier));
  for (char& c : stem) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return stem;
}

std::string behaviourClassName(std::string_view classifier) {
  std::string name = identifier(localClassifier(classifier));
  name.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(name.front())));
  return name;
}

std::string baseClassName(std::string_view classifier) { return behaviourClassName(classifier) + "_Base"; }

std::string stringLiteral(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string upperSnake(std::string_view upperCamel) {
  std::string out;
  for (char c : upperCamel) {
    if (std::isupper(static_cast<unsigned char>(c)) && !out.empty()) out += '_';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace bulkhead::codegen
