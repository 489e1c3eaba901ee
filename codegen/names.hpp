#pragma once
// C++ names for AADL things, one rule each, so the generated API, the
// skeletons and the CMake glue agree:
//   thread classifier "pkg::producer_t.i" -> file stem "producer_t_i",
//   behaviour class "Producer_t_i", generated base "Producer_t_i_Base".
#include "runtime/partition_spec.hpp"

#include <string>
#include <string_view>

namespace bulkhead::codegen {

// The classifier without its package ("producer_t.i").
std::string localClassifier(std::string_view classifier);
// A C++ identifier from any AADL name: '.', ':' and other non-identifier
// characters become '_' ("producer_t_i").
std::string identifier(std::string_view name);
std::string behaviourFileStem(std::string_view classifier);   // "producer_t_i"
std::string behaviourClassName(std::string_view classifier);  // "Producer_t_i"
std::string baseClassName(std::string_view classifier);       // "Producer_t_i_Base"

// A C and C++ string literal of `text`, quotes and backslashes escaped.
std::string stringLiteral(std::string_view text);
// The enumerators' C++ names ("EventData", "DropNewest"); the C runtime's
// constants are the same words in upper snake case (upperSnake: "EVENT_DATA").
std::string upperSnake(std::string_view upperCamel);

}  // namespace bulkhead::codegen
