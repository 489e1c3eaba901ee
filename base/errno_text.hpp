#pragma once
// The one way an error from a system call becomes text: "what: reason".
#include <cerrno>
#include <string>
#include <string_view>

namespace bulkhead::base {

// "what: <strerror(error)>"; `error` defaults to errno at the call site.
std::string errnoText(std::string_view what, int error = errno);

}  // namespace bulkhead::base
