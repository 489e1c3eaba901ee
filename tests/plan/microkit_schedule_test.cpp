// HAMR Microkit's microkit.schedule.xml: what is read, and each syntax error
// with its exact location and message.
#include "plan/domain_schedule_source.hpp"
#include "plan/microkit_schedule.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <random>

namespace bulkhead::plan {
namespace {

using testing::fixture;

ScheduleSource readOk(const std::string& path) {
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

TEST(MicrokitSchedule, ReadsTheScheduleAsHamrWritesIt) {
  ScheduleSource s = readOk(fixture("microkit_paced.xml"));
  EXPECT_EQ(s.unit, LengthUnit::Milliseconds);
  ASSERT_EQ(s.slots.size(), 7u);
  const std::int64_t domains[] = {1, 2, 1, 3, 1, 4, 0}, lengths[] = {30, 100, 30, 100, 30, 100, 610};
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(s.slots[i].domain, domains[i]) << i;
    EXPECT_EQ(s.slots[i].length, lengths[i]) << i;
  }
  EXPECT_EQ(s.arrayLocation.line, 3u);
  EXPECT_EQ(s.arrayLocation.column, 1u);
  EXPECT_EQ(s.slots[1].domainLocation.line, 5u);
  EXPECT_EQ(s.slots[1].domainLocation.column, 17u);
  EXPECT_EQ(s.slots[1].lengthLocation.column, 35u);
}

TEST(MicrokitSchedule, DeclarationCommentsQuotesAndAttributeOrder) {
  ScheduleSource s = readOk(fixture("microkit_self_paced.xml"));
  ASSERT_EQ(s.slots.size(), 4u);  // the commented-out slot is not one
  EXPECT_EQ(s.slots[1].domain, 3);
  EXPECT_EQ(s.slots[2].domain, 4);
  EXPECT_EQ(s.slots[2].length, 100);
  EXPECT_EQ(s.slots[3].length, 700);
}

TEST(MicrokitSchedule, TheScheduleInsideAMicrokitSystem) {
  ScheduleSource s = readOk(fixture("microkit_system.xml"));
  ASSERT_EQ(s.slots.size(), 3u);
  EXPECT_EQ(s.slots[0].length, 500);
}

TEST(MicrokitSchedule, TheFormIsChosenByContentToo) {
  auto parsed = parseMicrokitSchedule("<domain_schedule><domain name=\"domain_7\" length=\"3\"/></domain_schedule>", "s");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->slots[0].domain, 7);
}

TEST(MicrokitSchedule, UnterminatedComment) { expectError("xml_unterminated_comment.xml", {3, 3, "unterminated <!-- comment"}); }
TEST(MicrokitSchedule, NeverClosed) { expectError("xml_unclosed.xml", {1, 1, "<domain_schedule> is never closed"}); }
TEST(MicrokitSchedule, MismatchedClosingTag) {
  expectError("xml_mismatched.xml", {3, 1, "</domain_schedul> closes <domain_schedule>"});
}
TEST(MicrokitSchedule, UnknownAttribute) {
  expectError("xml_unknown_attribute.xml", {2, 27, "unknown attribute 'lenght' in <domain> (expected name and length)"});
}
TEST(MicrokitSchedule, DomainNameNotDomainN) {
  expectError("xml_bad_name.xml", {2, 17, "domain name 'pacer' is not of the form domain_N"});
}
TEST(MicrokitSchedule, LengthNotWholeMilliseconds) {
  expectError("xml_bad_length.xml", {2, 35, "length '12.5' is not a whole number of milliseconds"});
}
TEST(MicrokitSchedule, WrongRoot) {
  expectError("xml_wrong_root.xml", {1, 1, "expected <domain_schedule> as the root element, found <schedule>"});
}
TEST(MicrokitSchedule, NoSlots) { expectError("xml_no_slots.xml", {2, 1, "the domain schedule has no slots"}); }
TEST(MicrokitSchedule, TextBetweenElements) {
  expectError("xml_text.xml", {2, 3, "unexpected text in <domain_schedule>, found 'd'"});
}
TEST(MicrokitSchedule, MissingLength) { expectError("xml_missing_length.xml", {2, 3, "<domain> has no length attribute"}); }
TEST(MicrokitSchedule, DoctypeIsRefused) {
  expectError("xml_doctype.xml", {1, 1, "a <!DOCTYPE> or <![CDATA[ section is not part of a domain schedule"});
}
TEST(MicrokitSchedule, UnterminatedAttributeValue) {
  expectError("xml_unterminated_value.xml", {2, 34, "unterminated value of attribute 'length'"});
}

TEST(MicrokitSchedule, EveryPrefixAndRandomBytesEndInAValueNeverACrash) {
  const std::string text = "<?xml version=\"1.0\"?>\n<!-- c -->\n<domain_schedule>\n  <domain name=\"domain_1\" length=\"30\" />\n"
                           "  <domain name=\"domain_2\" length=\"970\"></domain>\n</domain_schedule>\n";
  // Every cut before the root's end (the final newline is optional).
  for (size_t n = 0; n + 1 < text.size(); ++n) EXPECT_FALSE(parseMicrokitSchedule(text.substr(0, n), "t.xml").has_value()) << n;
  EXPECT_TRUE(parseMicrokitSchedule(text, "t.xml").has_value());
  std::mt19937 random(7);
  const std::string alphabet = "<>/=\"' !-?domain_schedulelength0123456789\n";
  for (int i = 0; i < 2000; ++i) {
    std::string junk;
    for (int c = 0; c < 80; ++c) junk += alphabet[random() % alphabet.size()];
    (void)parseMicrokitSchedule(junk, "junk.xml");
  }
  // Deep nesting is an error, not a stack overflow.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<a>";
  auto nested = parseMicrokitSchedule(deep, "deep.xml");
  ASSERT_FALSE(nested.has_value());
  EXPECT_EQ(nested.error().message, "XML elements nested deeper than 32");
}

}  // namespace
}  // namespace bulkhead::plan
