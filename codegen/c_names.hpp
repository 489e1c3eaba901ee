#pragma once
// HAMR Microkit's C names for AADL things, one rule each, so that user code
// written against HAMR's generated headers compiles against ours:
//   thread "consumer" of process "consumer_p_s" -> PD "consumer_p_s_consumer",
//   header "consumer_p_s_consumer.h", user file
//   "components/consumer_p_s_consumer/src/consumer_p_s_consumer_user.c";
//   data type "pkg::struct.i" -> "pkg_struct_i"; Base_Types scalars -> <stdint.h>.
#include "plan/plan.hpp"
#include "wire/data_type.hpp"

#include <string>

namespace bulkhead::codegen {

// The Microkit protection domain of a thread: "<process>_<thread>".
std::string microkitName(const plan::Partition& partition, const plan::Thread& thread);
// "components/<pd>/src/<pd>_user.c", relative to a HAMR Microkit folder.
std::string microkitUserFile(const std::string& pdName);
// The exported descriptor of a thread's C code: "bulkhead_mk_thread_<pd>".
std::string microkitThreadSymbol(const std::string& pdName);

// HAMR's name of a data type: "pkg::struct.i" -> "pkg_struct_i".
std::string cTypeIdentifier(const wire::DataType& type);
// The C type of a value of `type` as user code writes it: "int8_t", "bool",
// "pkg_struct_i", "Base_Types_String".
std::string cTypeOf(const wire::DataType& type);
// Whether `type` is declared in sb_aadl_types.h (records, arrays, strings,
// enumerations, scalars with a name of the model's own).
bool cTypeIsDeclared(const wire::DataType& type);

}  // namespace bulkhead::codegen
