#pragma once
// The text of runtime/microkit/bulkhead_microkit.h, embedded at build time.
#include <string_view>

namespace bulkhead::codegen {

extern const std::string_view kMicrokitAbiHeader;

}  // namespace bulkhead::codegen
