#pragma once
// OSATE's instance model as HAMR writes it (AIR JSON, `.slang/<Sys>_Instance.json`)
// read as an input in place of AADL text (design section 2): the same
// InstanceModel the text gives. Components, features, data classifiers and
// connection instances come from the file; property values are evaluated
// against the property sets bulkhead ships, as values written in text are
// (units normalized, enumeration literals checked), and the declared
// defaults are added as instantiation adds them. Properties of sets bulkhead
// does not know are kept by their form (a number, a boolean, an
// identifier as an enumeration literal, else a string).
//
// The file is hostile input: every problem is an error whose message starts
// with the JSON pointer of the offending value ("/components/0/category"),
// never a crash.
#include "model/diagnostic.hpp"
#include "model/instance.hpp"

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace bulkhead::model {

// An AIR file is named *.json (AADL text never is).
bool isAirFile(const std::filesystem::path& file);

std::expected<InstanceModel, Diagnostics> readAirInstance(std::string_view text, const std::string& fileName);
std::expected<InstanceModel, Diagnostics> loadAirFile(const std::filesystem::path& file);

}  // namespace bulkhead::model
