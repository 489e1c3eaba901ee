# What `cmake --install` puts in place for projects outside this tree
# (find_package(bulkhead), cmake/bulkheadConfig.cmake.in):
#
#   bin/bulkhead                        the tool
#   lib/libbulkhead_<x>.a               the libraries inside partitions
#   include/bulkhead/<dir>/*.hpp|*.h    their headers, included as in this tree: "runtime/component.hpp"
#   lib/cmake/bulkhead/                 the package config, the targets bulkhead::<x>, Bulkhead.cmake
#   share/bulkhead/examples/<name>/     the examples' models, schedules and behaviour (`bulkhead new --example`)
#
# A library partitions link is installed by one call next to its
# add_library, which also gives it its in-tree alias bulkhead::<export name>
# (the name cmake/Bulkhead.cmake links in both cases):
#
#   bulkhead_install_library(bulkhead_runtime EXPORT_NAME runtime)
#
# Its headers are those of its source directory (not recursive). A library
# it links that is not installed this way fails the configure step
# ("requires target ... that is not in any export set").

set(BULKHEAD_INSTALL_LIBDIR lib)  # fixed, not GNUInstallDirs' multiarch lib/x86_64-linux-gnu
set(BULKHEAD_INSTALL_CMAKEDIR lib/cmake/bulkhead)
set(BULKHEAD_INSTALL_INCLUDEDIR include/bulkhead)
set(BULKHEAD_INSTALL_DATADIR share/bulkhead)

function(bulkhead_install_library target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "EXPORT_NAME" "")
  if(NOT ARG_EXPORT_NAME)
    message(FATAL_ERROR "bulkhead_install_library(${target}): give EXPORT_NAME")
  endif()
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${ARG_EXPORT_NAME} POSITION_INDEPENDENT_CODE ON)
  # The runtime's headers use C++23 (std::expected): say so to the projects that link it.
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_compile_features(${target} INTERFACE cxx_std_23)
  else()
    target_compile_features(${target} PUBLIC cxx_std_23)
  endif()
  target_include_directories(${target} INTERFACE $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
                                                 $<INSTALL_INTERFACE:${BULKHEAD_INSTALL_INCLUDEDIR}>)
  add_library(bulkhead::${ARG_EXPORT_NAME} ALIAS ${target})
  install(TARGETS ${target} EXPORT bulkhead-targets
          ARCHIVE DESTINATION ${BULKHEAD_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${BULKHEAD_INSTALL_LIBDIR})
  get_target_property(source_dir ${target} SOURCE_DIR)
  file(RELATIVE_PATH relative "${PROJECT_SOURCE_DIR}" "${source_dir}")
  file(GLOB headers "${source_dir}/*.hpp" "${source_dir}/*.h")
  install(FILES ${headers} DESTINATION ${BULKHEAD_INSTALL_INCLUDEDIR}/${relative})
endfunction()
