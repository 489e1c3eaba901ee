#pragma once
// Generates AADL models of a given size for the front-end benchmark: one
// process per 4 threads (each with its own process type and implementation),
// a sender and two receivers per process wired process to process in a ring,
// so classifiers, instances and connections all grow with the thread count.
#include <string>

namespace bulkhead::bench {

struct GeneratedModel {
  std::string text;
  int threads = 0;
  int processes = 0;
  int semanticConnections = 0;
};

GeneratedModel generateModel(int threads);

}  // namespace bulkhead::bench
