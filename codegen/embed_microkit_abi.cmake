# Embeds runtime/microkit/bulkhead_microkit.h (the C ABI between generated C
# code and the C partition runtime) into bulkhead, so `gen --lang c` writes
# the very header the runtime was built with.
file(READ "${HEADER}" header)
file(WRITE "${OUT}.tmp" "// Generated from runtime/microkit/bulkhead_microkit.h by embed_microkit_abi.cmake; do not edit.\n"
  "#include \"codegen/microkit_abi_text.hpp\"\n"
  "namespace bulkhead::codegen {\n"
  "const std::string_view kMicrokitAbiHeader = R\"bh_src(${header})bh_src\";\n"
  "}\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
