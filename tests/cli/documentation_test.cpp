// The documentation a user reads says only what the binary does: the man page
// (generated from --help) describes every command and option, and every
// `bulkhead` command line in README.md names a real command and real options.
#include "tests/support/command_output.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string helpOf(const std::string& command) {
  auto o = bulkhead::testing::runCommand(std::string(BULKHEAD_BINARY) + " " + command + " --help");
  EXPECT_EQ(o.status, 0) << command;
  return o.text;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The commands `bulkhead --help` lists under "Subcommands:".
std::vector<std::string> commands() {
  std::vector<std::string> names;
  std::istringstream help(helpOf(""));
  bool listed = false;
  static const std::regex entry(R"(^  ([a-z][a-z-]*)\s.*)");
  for (std::string line; std::getline(help, line);) {
    if (line.starts_with("Subcommands:")) listed = true;
    std::smatch m;
    if (listed && std::regex_match(line, m, entry)) names.push_back(m[1]);
  }
  return names;
}

std::vector<std::string> longOptionsIn(const std::string& text) {
  std::vector<std::string> options;
  static const std::regex option(R"(--[a-z][a-z0-9-]*)");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), option); it != std::sregex_iterator(); ++it)
    options.push_back(it->str());
  return options;
}

#ifdef BULKHEAD_MAN_PAGE
TEST(ManPage, DescribesEveryCommandAndEachOfItsOptions) {
  std::string page = readFile(BULKHEAD_MAN_PAGE);
  ASSERT_FALSE(page.empty());
  // Troff writes a hyphen as \- and a backslash as \e.
  page = std::regex_replace(page, std::regex(R"(\\-)"), "-");
  const std::vector<std::string> names = commands();
  ASSERT_GE(names.size(), 8u);
  for (const std::string& command : names) {
    EXPECT_NE(page.find(".SS \"bulkhead " + command + "\""), std::string::npos) << command;
    for (const std::string& option : longOptionsIn(helpOf(command)))
      EXPECT_NE(page.find(option), std::string::npos) << command << " " << option;
  }
}
#endif

TEST(Readme, EveryBulkheadCommandLineUsesARealCommandAndRealOptions) {
  std::istringstream readme(readFile(std::string(PROJECT_SOURCE_DIR) + "/README.md"));
  const std::vector<std::string> names = commands();
  // "bulkhead VERB args" up to a comment or the next command of the line.
  static const std::regex commandLine(R"((?:^|[\s/])bulkhead ([a-z][a-z-]*)([^#&;]*))");
  int lines = 0;
  for (std::string line; std::getline(readme, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, commandLine)) continue;
    const std::string command = m[1];
    if (std::find(names.begin(), names.end(), command) == names.end()) continue;  // prose ("bulkhead reads ...")
    ++lines;
    const std::string help = helpOf(command);
    for (const std::string& option : longOptionsIn(m[2])) {
      EXPECT_TRUE(std::regex_search(help, std::regex("(^|[ ,])" + option + "([ =]|$)", std::regex::multiline)))
          << "README.md: `bulkhead " << command << "` has no option " << option << ": " << line;
    }
  }
  EXPECT_GE(lines, 10) << "README.md shows fewer bulkhead command lines than expected";
}

}  // namespace
