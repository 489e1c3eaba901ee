// Bad input never crashes the front end: every input of the corpus either
// loads or gives at least one error located in the file (line > 0).
#include "tests/model/test_support.hpp"

#include <gtest/gtest.h>

#include <random>

namespace bulkhead::model::test {
namespace {

// Returns "" if the outcome is acceptable, else what is wrong.
std::string judge(const std::string& name, const std::string& text) {
  auto r = loadTexts({{name, text}}, {.root = "", .requireRoot = false});
  if (r) return "";
  const Diagnostics& d = r.error();
  if (!d.hasErrors()) return "failed without an error";
  for (const Diagnostic& e : d.items)
    if (e.severity == Severity::Error && e.location.file == name && e.location.line > 0) return "";
  return "no located error: " + render(d);
}

std::string bothVm() { return readFile(BOTH_VM_MODEL); }

TEST(Robustness, HandWrittenCorpus) {
  std::string model = bothVm();
  std::string huge;
  for (int i = 0; i < 20000; ++i)
    huge += "  thread t" + std::to_string(i) + "\n    properties\n      Period => " + std::to_string(i + 1) +
            " ms;\n  end t" + std::to_string(i) + ";\n";
  std::vector<std::pair<std::string, std::string>> corpus = {
      {"truncated.aadl", model.substr(0, model.size() / 2)},
      {"unknown_keyword.aadl", "package p\npublic\n  sistem top\n  end top;\nend p;\n"},
      {"unresolved_classifier.aadl",
       "package p\npublic\n  system top\n  end top;\n  system implementation top.i\n    subcomponents\n"
       "      x: process nowhere::q.i;\n  end top.i;\nend p;\n"},
      {"missing_end.aadl", "package p\npublic\n  system top\n  end top;\n"},
      {"not_aadl.aadl", "#include <stdio.h>\nint main(void) { printf(\"hello\\n\"); return 0; }\n"},
      {"empty.aadl", ""},
      {"only_comments.aadl", "-- nothing here\n-- at all\n"},
      {"huge.aadl", "package big\npublic\n" + huge + "end big;\n"},
      {"huge_truncated.aadl", "package big\npublic\n" + huge.substr(0, huge.size() - 7)},
      {"long_line.aadl", std::string(1 << 20, 'a')},
      {"deep_nesting.aadl", "package p public system s properties Source_Text => " + std::string(100000, '(')},
      {"deep_nesting_types.aadl", "property set q is x: list of " + [] {
         std::string s;
         for (int i = 0; i < 10000; ++i) s += "list of ";
         return s;
       }()},
      {"nul_bytes.aadl", std::string("package p\0public\n", 17)},
      {"unterminated_annex.aadl", "package p public system s annex x {** never"},
      {"extends_cycle.aadl",
       "package p\npublic\n  system a extends b\n  end a;\n  system b extends a\n  end b;\nend p;\n"},
      {"self_containing.aadl",
       "package p\npublic\n  system top\n  end top;\n  system implementation top.i\n    subcomponents\n"
       "      again: system top.i;\n  end top.i;\nend p;\n"},
      {"big_numbers.aadl",
       "package p\npublic\n  thread t\n    properties\n      Period => 99999999999999999999 hr;\n"
       "      Priority => 16#FFFFFFFFFFFFFFFFFFFF#;\n  end t;\nend p;\n"},
  };
  for (const auto& [name, text] : corpus) {
    std::string verdict = judge(name, text);
    EXPECT_EQ(verdict, "") << name;
  }
}

TEST(Robustness, BinaryGarbage) {
  std::mt19937 random(12345);
  for (int round = 0; round < 20; ++round) {
    std::string bytes(4096 + round * 1000, '\0');
    for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
    EXPECT_EQ(judge("garbage" + std::to_string(round) + ".aadl", bytes), "") << round;
  }
}

TEST(Robustness, EveryPrefixOfTheFlagshipModel) {
  std::string model = bothVm();
  int loaded = 0;
  for (std::size_t length = 0; length <= model.size(); ++length) {
    std::string prefix = model.substr(0, length);
    auto r = loadTexts({{"both_vm.aadl", prefix}}, {.root = "", .requireRoot = false});
    if (r) {
      ++loaded;
      continue;
    }
    bool located = false;
    for (const Diagnostic& e : r.error().items)
      if (e.severity == Severity::Error && e.location.file == "both_vm.aadl" && e.location.line > 0) located = true;
    EXPECT_TRUE(located) << "prefix of " << length << " bytes:\n" << render(r.error());
  }
  // Only the complete text (with or without its final newline) is a model.
  EXPECT_LE(loaded, 2);
  EXPECT_GE(loaded, 1);
}

}  // namespace
}  // namespace bulkhead::model::test
