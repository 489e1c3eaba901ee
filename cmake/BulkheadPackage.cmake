# The tool, the package config and the examples for `cmake --install`, and
# the Debian package for `cpack -G DEB` (the libraries and headers are
# installed next to their add_library: cmake/BulkheadInstall.cmake).
include(CMakePackageConfigHelpers)

install(TARGETS bulkhead EXPORT bulkhead-targets RUNTIME DESTINATION bin)
install(EXPORT bulkhead-targets NAMESPACE bulkhead:: DESTINATION ${BULKHEAD_INSTALL_CMAKEDIR})
set(config_dir "${CMAKE_BINARY_DIR}/package-config")  # the installed config, before it is installed
configure_package_config_file(cmake/bulkheadConfig.cmake.in "${config_dir}/bulkheadConfig.cmake"
                              INSTALL_DESTINATION ${BULKHEAD_INSTALL_CMAKEDIR})
write_basic_package_version_file("${config_dir}/bulkheadConfigVersion.cmake" COMPATIBILITY SameMinorVersion)
install(FILES "${config_dir}/bulkheadConfig.cmake" "${config_dir}/bulkheadConfigVersion.cmake" cmake/Bulkhead.cmake
              sim/sim_module.cmake sim/sim_module_anchor.cpp sim/sim_module.map
        DESTINATION ${BULKHEAD_INSTALL_CMAKEDIR})

# The same package from the build tree (CMAKE_PREFIX_PATH=<build>), for
# projects built against a bulkhead that is not installed.
export(EXPORT bulkhead-targets NAMESPACE bulkhead:: FILE "${CMAKE_BINARY_DIR}/bulkhead-targets.cmake")
file(WRITE "${CMAKE_BINARY_DIR}/bulkheadConfig.cmake"
     "# find_package(bulkhead) from bulkhead's build tree (cmake/BulkheadPackage.cmake).\n"
     "include(\"\${CMAKE_CURRENT_LIST_DIR}/bulkhead-targets.cmake\")\n"
     "include(\"${PROJECT_SOURCE_DIR}/cmake/Bulkhead.cmake\")\n"
     "set(BULKHEAD_SIM_SOURCE_DIR \"${PROJECT_SOURCE_DIR}/sim\")\n"
     "include(\"${PROJECT_SOURCE_DIR}/sim/sim_module.cmake\")\n")
configure_file("${config_dir}/bulkheadConfigVersion.cmake" "${CMAKE_BINARY_DIR}/bulkheadConfigVersion.cmake" COPYONLY)

# The examples as `bulkhead new --example NAME` copies them: model,
# schedule, behaviour (their in-tree CMakeLists.txt are for this tree only;
# `new` writes its own). In the build tree the same layout points at the
# sources, so the in-tree bulkhead finds them too (cli/new_command.cpp).
install(DIRECTORY examples/ DESTINATION ${BULKHEAD_INSTALL_DATADIR}/examples PATTERN CMakeLists.txt EXCLUDE)
file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/${BULKHEAD_INSTALL_DATADIR}")
file(CREATE_LINK "${PROJECT_SOURCE_DIR}/examples" "${CMAKE_BINARY_DIR}/${BULKHEAD_INSTALL_DATADIR}/examples" SYMBOLIC)

# cpack -G DEB: bulkhead_<version>_<arch>.deb for Debian 12. Depends: the
# shared libraries of the binary (dpkg-shlibdeps), what builds partition
# programs (a C++23 compiler, CMake, make), and what runs VM partitions
# (QEMU, the Debian kernel and its headers for the guest module, busybox).
set(CPACK_PACKAGE_NAME bulkhead)
set(CPACK_PACKAGE_VENDOR "bulkhead")
set(CPACK_PACKAGE_CONTACT "bulkhead maintainers <bulkhead@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Runs partitioned AADL systems (HAMR semantics) on Linux")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "g++ (>= 4:12), cmake (>= 3.25), make, qemu-system-x86, linux-image-amd64, linux-headers-amd64, busybox-static")
include(CPack)
