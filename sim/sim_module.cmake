# bulkhead_add_sim_module(<name>): the simulation module of a model whose
# partitions bulkhead_add_partitions(<name> ...) builds (cmake/Bulkhead.cmake).
#
# The module is a shared object holding <name>_partitions (every
# partition's generated code, the user's behaviour and the model registry)
# with the runtime: the same code the partition programs run. It exports
# only `bulkhead_partition_registry`, and lands in <top binary dir>/models/
# <name>.sim.so, where `bulkhead sim MODEL` looks for it: it finds <name>
# through the manifest bulkhead_add_partitions writes for `bulkhead run`
# (<top binary dir>/bulkhead-manifests/<name>.json, listing the model files).
function(bulkhead_add_sim_module name)
  if(NOT TARGET ${name}_partitions)
    message(FATAL_ERROR "bulkhead_add_sim_module(${name}): call bulkhead_add_partitions(${name} ...) first")
  endif()
  add_library(${name}_sim MODULE "${BULKHEAD_SIM_SOURCE_DIR}/sim_module_anchor.cpp")
  target_link_libraries(${name}_sim PRIVATE ${name}_partitions)
  # Nothing in the anchor refers to the registry: make the linker keep it
  # (and through it every partition), and hide everything else so that the
  # module's copy of the runtime never interposes bulkhead's.
  target_link_options(${name}_sim PRIVATE
    "LINKER:--undefined=bulkhead_partition_registry"
    "LINKER:--version-script=${BULKHEAD_SIM_SOURCE_DIR}/sim_module.map")
  set_target_properties(${name}_sim PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${name}"
    SUFFIX ".sim.so"
    LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/models"
    LINK_DEPENDS "${BULKHEAD_SIM_SOURCE_DIR}/sim_module.map")
endfunction()

# The simulation module of <name>, unless the model's own CMakeLists made
# it already (for models whose CMakeLists this build cannot edit; call it
# deferred, once every directory is configured).
function(bulkhead_ensure_sim_module name)
  if(TARGET ${name}_partitions AND NOT TARGET ${name}_sim)
    bulkhead_add_sim_module(${name})
  endif()
endfunction()
