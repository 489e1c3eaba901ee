#pragma once
// Told when each dispatch begins and ends, so that tracing can time it. The
// dispatcher never reads a clock itself; a listener may.
namespace bulkhead::runtime {

class DispatchListener {
 public:
  virtual ~DispatchListener() = default;
  // Before the thread's inputs are frozen.
  virtual void dispatchBegin(int thread) = 0;
  // After its outputs are published.
  virtual void dispatchEnd(int thread) = 0;
};

}  // namespace bulkhead::runtime
