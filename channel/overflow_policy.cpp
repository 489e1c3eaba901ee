#include "channel/overflow_policy.hpp"

namespace bulkhead::channel {

const char* overflowPolicyName(OverflowPolicy policy) {
  switch (policy) {
    case OverflowPolicy::DropOldest:
      return "DropOldest";
    case OverflowPolicy::DropNewest:
      return "DropNewest";
    case OverflowPolicy::Error:
      return "Error";
  }
  return "unknown";
}

}  // namespace bulkhead::channel
