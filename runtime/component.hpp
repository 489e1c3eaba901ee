#pragma once
// The root of every thread's behaviour. Code generation derives a typed
// base per thread classifier from it (`Producer_t_i_Base`, F Prime style);
// the user's class derives from that and implements the entry points.
#include "runtime/thread_context.hpp"

namespace bulkhead::runtime {

class Component {
 public:
  virtual ~Component() = default;

  // Entry points (design section 5). `initialise` may put, not get.
  virtual void initialise() = 0;
  virtual void timeTriggered() {}
  // Sporadic: called once per in event / event data port (index in the
  // thread's ports) that had input at this dispatch. The generated base
  // turns it into `handle_<port>()`.
  virtual void handlePort(int port) { (void)port; }
  virtual void finalise() = 0;
  // True for behaviour that dequeues its inputs itself during the entry
  // point, as HAMR Microkit's C code does with get_<port> (design section
  // 7a): the dispatcher then freezes nothing for it, and a sporadic
  // thread's handle_<port> runs for each port with input when its turn comes.
  virtual bool dequeuesLive() const { return false; }

  void bind(ThreadContext& context) { context_ = &context; }

 protected:
  ThreadContext& context() { return *context_; }
  const ThreadContext& context() const { return *context_; }

 private:
  ThreadContext* context_ = nullptr;
};

}  // namespace bulkhead::runtime
