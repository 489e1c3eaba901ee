#pragma once
// One HAMR Microkit C thread as a runtime Component: the entry points of
// its generated glue (initialize, timeTriggered, handle_<port>) and the API
// its glue calls back (put/get/is_empty/printf), over the thread's context.
// Inputs are dequeued live, as HAMR Microkit does (design section 7a);
// outputs are published when the entry point returns.
#include "runtime/component.hpp"
#include "runtime/microkit/bulkhead_microkit.h"
#include "runtime/microkit/c_value_codec.hpp"
#include "runtime/runtime_error.hpp"

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bulkhead::runtime::microkit {

class CThread final : public Component {
 public:
  // Checks the thread's code and port layouts, and binds its glue to this object.
  static std::expected<std::unique_ptr<CThread>, RuntimeError> create(const bulkhead_mk_thread& thread);

  void initialise() override;
  void timeTriggered() override;
  void handlePort(int port) override;
  void finalise() override;
  bool dequeuesLive() const override { return true; }

  // The glue's calls (bulkhead_mk_api), on this thread's context.
  bool put(int port, const void* value);
  bool get(int port, void* value, std::uintmax_t* dropped);
  bool isEmpty(int port);
  int vprint(const char* format, std::va_list args);

 private:
  struct PortState {
    std::optional<CValueCodec> codec;   // data and event data ports
    std::vector<unsigned char> last;    // data in ports: the last value, as C memory
  };

  explicit CThread(const bulkhead_mk_thread& thread) : thread_(thread) {}
  bool validPort(int port, std::uint32_t direction) const;
  // Emits every complete line of printf text.
  void emitLines();

  const bulkhead_mk_thread& thread_;
  std::vector<PortState> ports_;
  std::string pending_;  // printf text not yet ended by '\n'
};

// The API table every thread's glue is bound to.
const bulkhead_mk_api& cThreadApi();

}  // namespace bulkhead::runtime::microkit
