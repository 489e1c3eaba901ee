# Embeds the guest-side sources (module, init) into bulkhead so it can build
# a guest anywhere, without the source tree at run time.
file(READ "${SRC_DIR}/guest/module/bulkhead_ivshmem.c" module_c)
file(READ "${SRC_DIR}/guest/module/Kbuild" module_kbuild)
file(READ "${SRC_DIR}/guest/init.sh" init_sh)
file(WRITE "${OUT}.tmp" "// Generated from vm/guest by embed_guest_sources.cmake; do not edit.\n"
  "#include \"vm/guest_sources.hpp\"\n"
  "namespace bulkhead::vm {\n"
  "const std::string_view kGuestModuleSource = R\"bh_src(${module_c})bh_src\";\n"
  "const std::string_view kGuestModuleKbuild = R\"bh_src(${module_kbuild})bh_src\";\n"
  "const std::string_view kGuestInitScript = R\"bh_src(${init_sh})bh_src\";\n"
  "}\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
