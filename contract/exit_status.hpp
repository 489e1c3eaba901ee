#pragma once
// A partition program's exit statuses, as the supervisor reads them.
namespace bulkhead::contract {

inline constexpr int kPartitionClean = 0;         // finalised after SIGTERM
inline constexpr int kPartitionFailed = 1;        // an error, reported on stderr first
inline constexpr int kPartitionNotStarted = 127;  // the sandbox could not be set up or the program not run

}  // namespace bulkhead::contract
