#pragma once
// The error every vm/ step returns as a value: one message that names what
// went wrong, where (a path, a VM name) and, where there is one, the fix.
#include <expected>
#include <string>

namespace bulkhead::vm {

struct VmError {
  std::string message;
};

template <class T>
using VmResult = std::expected<T, VmError>;

inline std::unexpected<VmError> vmFail(std::string message) { return std::unexpected(VmError{std::move(message)}); }

}  // namespace bulkhead::vm
