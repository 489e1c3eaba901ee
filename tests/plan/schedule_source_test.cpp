// The ksDomSchedule[] C form: what is accepted, and each syntax error.
#include "plan/domain_schedule_source.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

namespace bulkhead::plan {
namespace {

using testing::fixture;

ScheduleSource parseOk(const std::string& path) {
  auto parsed = readScheduleSource(path, {});
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : model::render(parsed.error()));
  return parsed.value_or(ScheduleSource{});
}

struct Expected {
  std::uint32_t line, column;
  std::string message;
};

void expectError(const std::string& name, const Expected& expected) {
  auto parsed = readScheduleSource(fixture(name), {});
  ASSERT_FALSE(parsed.has_value()) << name;
  const Diagnostic& d = parsed.error();
  EXPECT_EQ(d.location.file, fixture(name));
  EXPECT_EQ(d.location.line, expected.line) << d.message;
  EXPECT_EQ(d.location.column, expected.column) << d.message;
  EXPECT_EQ(d.message, expected.message);
  EXPECT_FALSE(d.sourceLine.empty());
}

TEST(ScheduleSource, ReadsTheBothVmScheduleAsIs) {
  ScheduleSource s = parseOk(testing::sourceFile("examples/both_vm/domain_schedule.c"));
  ASSERT_EQ(s.slots.size(), 7u);
  const std::int64_t domains[] = {0, 1, 0, 2, 0, 3, 0}, lengths[] = {80, 5, 5, 200, 5, 200, 5};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(s.slots[i].domain, domains[i]) << i;
    EXPECT_EQ(s.slots[i].length, lengths[i]) << i;
  }
  EXPECT_EQ(s.arrayLocation.line, 9u);
  EXPECT_EQ(s.arrayLocation.column, 19u);
  EXPECT_EQ(s.slots[3].lengthLocation.line, 13u);
  EXPECT_EQ(s.slots[3].lengthLocation.column, 30u);
}

TEST(ScheduleSource, ReadsPositionalSlotsAndCLiterals) {
  ScheduleSource s = parseOk(fixture("good_positional.c"));
  ASSERT_EQ(s.slots.size(), 4u);
  EXPECT_EQ(s.slots[0].length, 80);   // 0x50
  EXPECT_EQ(s.slots[1].length, 5);    // 5U
  EXPECT_EQ(s.slots[2].length, 400);  // 0620 is octal
  EXPECT_EQ(s.slots[3].domain, 3);
}

TEST(ScheduleSource, FieldsInAnyOrderAndNegativeLengthsParse) {
  auto s = parseScheduleSource("const dschedule_t ksDomSchedule[] = {{ .length = -3, .domain = 2 }};", "t.c");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->slots[0].domain, 2);
  EXPECT_EQ(s->slots[0].length, -3);  // rejected later by the checks, with their message
}

TEST(ScheduleSource, SizeofUseIsNotTheDeclaration) {
  auto s = parseScheduleSource("int n = sizeof(ksDomSchedule);\nconst dschedule_t ksDomSchedule[] = {{1, 2}};", "t.c");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->arrayLocation.line, 2u);
}

TEST(ScheduleSource, NoArray) {
  expectError("syntax_no_array.c", {1, 1, "no ksDomSchedule[] array in this domain schedule file"});
}
TEST(ScheduleSource, UnknownField) {
  expectError("syntax_unknown_field.c",
              {3, 21, "unknown field '.lenght' in a schedule slot (expected .domain or .length)"});
}
TEST(ScheduleSource, MissingLength) { expectError("syntax_missing_length.c", {3, 5, "schedule slot has no '.length'"}); }
TEST(ScheduleSource, ThreePositionalValues) {
  expectError("syntax_three_values.c", {2, 14, "a positional schedule slot has exactly two values: { domain, length }"});
}
TEST(ScheduleSource, NotAnIntegerLiteral) {
  expectError("syntax_not_a_number.c", {2, 17, "expected an integer literal, found 'PRODUCER_DOMAIN'"});
}
TEST(ScheduleSource, UnterminatedComment) {
  expectError("syntax_unterminated_comment.c", {2, 36, "unterminated /* comment"});
}
TEST(ScheduleSource, DeclaredSizeMismatch) {
  expectError("syntax_size_mismatch.c", {1, 19, "ksDomSchedule is declared with 3 slots but initialised with 2"});
}
TEST(ScheduleSource, Empty) { expectError("syntax_empty.c", {2, 1, "the domain schedule has no slots"}); }

TEST(ScheduleSource, MissingFileIsLocatedAtTheReference) {
  SourceLocation reference{"model.aadl", 7, 5};
  auto parsed = readScheduleSource(fixture("no_such_schedule.c"), reference);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().location.file, "model.aadl");
  EXPECT_EQ(parsed.error().location.line, 7u);
  EXPECT_EQ(parsed.error().message, "cannot read the domain schedule file '" + fixture("no_such_schedule.c") + "'");
}

TEST(ScheduleSource, RenderedLikeACompiler) {
  auto parsed = parseScheduleSource("const dschedule_t ksDomSchedule[] = {\n  { .domain = 0, .size = 1 },\n};\n", "s.c");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(model::render(parsed.error()),
            "s.c:2:19: error: unknown field '.size' in a schedule slot (expected .domain or .length)\n"
            "  { .domain = 0, .size = 1 },\n"
            "                  ^\n");
}

TEST(ScheduleSource, TruncatedInputsNeverCrash) {
  const std::string text = "const dschedule_t ksDomSchedule[2] = {\n  { .domain = 0, .length = 80 }, {1, 5}\n};\n";
  for (size_t n = 0; n + 1 < text.size(); ++n) {  // the last prefix is whole but for its newline
    auto parsed = parseScheduleSource(text.substr(0, n), "t.c");
    EXPECT_FALSE(parsed.has_value()) << n;
  }
  EXPECT_TRUE(parseScheduleSource(text, "t.c").has_value());
}

}  // namespace
}  // namespace bulkhead::plan
