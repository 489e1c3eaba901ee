#pragma once
// HAMR Microkit's domain schedule, microkit.schedule.xml, as HAMR writes it:
//
//   <domain_schedule>
//     <domain name="domain_1" length="30" /> <!-- pacer -->
//     <domain name="domain_2" length="100" />
//     ...
//   </domain_schedule>
//
// Lengths are milliseconds; domain names are `domain_N`. The root may also
// be a Microkit <system> holding one <domain_schedule>. Just enough XML is
// read for that (declaration, comments, elements, attributes, whitespace);
// anything else is an error with its line and column. Only the syntax is
// checked here; what the slots mean is checked by checkSchedule.
#include "plan/domain_schedule_source.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace bulkhead::plan {

std::expected<ScheduleSource, Diagnostic> parseMicrokitSchedule(std::string_view text, const std::string& fileName);

}  // namespace bulkhead::plan
