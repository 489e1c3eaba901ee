# bulkhead_add_partitions: build one partition program per AADL process of a
# model, from the model and the user's behaviour sources.
#
#   find_package(bulkhead REQUIRED)   # an installed bulkhead (in this tree: include(cmake/Bulkhead.cmake))
#   bulkhead_add_partitions(<name>
#     MODEL <file.aadl>...            # the model (or PLAN <plan.json> from `bulkhead plan --json`)
#     [ROOT <system implementation>]
#     PARTITIONS <process>...         # every process of the model, by subcomponent name
#     BEHAVIOUR_DIR <dir>             # <stem>.hpp/.cpp per thread classifier
#     | C_USER_DIR <dir>              # or HAMR Microkit C user code (see below)
#     [OUTPUT_DIR <dir>]              # generated code; default <binary dir>/<name>_gen
#     [STATIC])                       # link the programs statically (VM guests; not under sanitizers)
#
# At build time `bulkhead gen --require-behaviour` regenerates the typed APIs
# and partition sources from the model; a thread classifier without
# behaviour files, or a PARTITIONS list that is not exactly the model's
# processes, fails the build with a message naming it. Behaviour files: for
# thread classifier producer_t.i, <dir>/producer_t_i.hpp declaring class
# Producer_t_i (derived from the generated Producer_t_i_Base) and
# <dir>/producer_t_i.cpp; `bulkhead gen MODEL -o DIR --behaviour-dir <dir>`
# writes skeletons for the missing ones (`bulkhead new DIR` writes a whole
# project that calls this function).
#
# Targets: <name>_gen (the generation step), <name>_partitions (a static
# library: all partitions' generated code, behaviours and the model registry
# `bulkhead_partition_registry()` for one-process tools such as the
# simulator), and <name>_<process> per partition, an executable named
# <process> in <binary dir>/partitions/. They link bulkhead::runtime (and
# bulkhead::vm_guest where it exists): the in-tree libraries, or the
# installed ones find_package(bulkhead) imports.
#
# C partitions: with C_USER_DIR instead of BEHAVIOUR_DIR, every partition is
# HAMR Microkit C code in HAMR's layout, <dir>/components/<process>_<thread>/
# src/<process>_<thread>_user.c per thread (`bulkhead gen --lang c MODEL -o
# DIR --behaviour-dir <dir>` writes skeletons). At build time `bulkhead gen
# --lang c --programs --sim-module` compiles them with the system C compiler
# against the headers generated from the model and links them with
# bulkhead's C runtime, as `run --hamr-microkit` does; the programs land in
# <binary dir>/partitions/ and the simulation module in <top binary
# dir>/models/<name>.sim.so, where `run` and `sim` find them (target
# <name>_c). A partition without user code, or user code of a partition not
# in PARTITIONS, fails the build naming it.
#
# Lookup by `bulkhead run MODEL`: a manifest
# <top binary dir>/bulkhead-manifests/<name>.json records the model files
# and each partition program, as paths relative to the manifest's own
# directory, so that a build moved or copied with its project still works:
#   {"name": "...", "models": ["../../both_vm.aadl"], "partitions": {"producer": "../examples/both_vm/partitions/producer", ...}}
# `bulkhead run` finds it (cli/run_command.cpp): `--build DIR`, else
# the manifests next to its own executable (in-tree builds), else the
# nearest build/ found by walking up from the model; or it takes
# `--partitions DIR` (one program per partition, named after it).

function(bulkhead_add_partitions name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "STATIC" "PLAN;ROOT;BEHAVIOUR_DIR;C_USER_DIR;OUTPUT_DIR" "MODEL;PARTITIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "bulkhead_add_partitions(${name}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL AND NOT ARG_PLAN)
    message(FATAL_ERROR "bulkhead_add_partitions(${name}): give MODEL <file.aadl>... (or PLAN <plan.json>)")
  endif()
  if(NOT ARG_PARTITIONS)
    message(FATAL_ERROR "bulkhead_add_partitions(${name}): give PARTITIONS, the model's processes by name")
  endif()
  if(NOT ARG_BEHAVIOUR_DIR AND NOT ARG_C_USER_DIR)
    message(FATAL_ERROR "bulkhead_add_partitions(${name}): give BEHAVIOUR_DIR, where the behaviour sources are "
                        "(or C_USER_DIR, where HAMR Microkit C user code is)")
  endif()
  if(ARG_BEHAVIOUR_DIR AND ARG_C_USER_DIR)
    message(FATAL_ERROR "bulkhead_add_partitions(${name}): give BEHAVIOUR_DIR or C_USER_DIR, not both "
                        "(mixing C++ and C partitions in one call is not supported)")
  endif()
  set(out "${ARG_OUTPUT_DIR}")
  if(NOT out)
    set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}_gen")
  endif()

  # The generator: this build's own bulkhead when bulkhead is built alongside,
  # the one find_package(bulkhead) imported otherwise.
  if(NOT TARGET bulkhead::bulkhead)
    message(FATAL_ERROR "bulkhead_add_partitions(${name}): no bulkhead::bulkhead target; call find_package(bulkhead) first")
  endif()
  set(generator "$<TARGET_FILE:bulkhead::bulkhead>")
  get_target_property(generator_imported bulkhead::bulkhead IMPORTED)
  if(generator_imported)
    set(generator_dependency "$<TARGET_FILE:bulkhead::bulkhead>")
  else()
    set(generator_dependency bulkhead::bulkhead)
  endif()

  set(inputs "")
  set(models "")
  if(ARG_PLAN)
    get_filename_component(plan "${ARG_PLAN}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    set(inputs --plan "${plan}")
    set(models "${plan}")
  else()
    foreach(model IN LISTS ARG_MODEL)
      get_filename_component(model "${model}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND inputs "${model}")
      list(APPEND models "${model}")
    endforeach()
  endif()
  if(ARG_ROOT)
    list(APPEND inputs --root "${ARG_ROOT}")
  endif()
  list(JOIN ARG_PARTITIONS "," partition_list)

  # The model may `with` files next to it and name a schedule file (.c or
  # .xml): depend on the model's whole directory contents as well as the model.
  set(model_neighbours "")
  foreach(model IN LISTS models)
    get_filename_component(model_dir "${model}" DIRECTORY)
    file(GLOB neighbours CONFIGURE_DEPENDS "${model_dir}/*.aadl" "${model_dir}/*.c" "${model_dir}/*.xml")
    list(APPEND model_neighbours ${neighbours})
  endforeach()

  # Paths in the manifest are relative to its directory (see above).
  set(manifest_dir "${CMAKE_BINARY_DIR}/bulkhead-manifests")

  if(ARG_C_USER_DIR)
    _bulkhead_add_c_partitions()
    return()
  endif()

  get_filename_component(behaviour_dir "${ARG_BEHAVIOUR_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  file(GLOB behaviour_sources CONFIGURE_DEPENDS "${behaviour_dir}/*.cpp")
  set(generated "${out}/model_registry.cpp")
  foreach(partition IN LISTS ARG_PARTITIONS)
    list(APPEND generated "${out}/partitions/${partition}/partition.cpp" "${out}/partitions/${partition}/main.cpp")
  endforeach()

  add_custom_command(
    OUTPUT "${out}/gen.stamp"
    BYPRODUCTS ${generated}
    COMMAND "${generator}" gen ${inputs} -o "${out}" --behaviour-dir "${behaviour_dir}" --require-behaviour
            --partitions "${partition_list}"
    # The behaviour directory itself: a behaviour file added or removed
    # re-runs the binding check (it rewrites nothing that did not change).
    DEPENDS ${models} ${model_neighbours} ${generator_dependency} "${behaviour_dir}"
    COMMENT "bulkhead gen: ${name} (${partition_list})"
    VERBATIM)
  add_custom_target(${name}_gen DEPENDS "${out}/gen.stamp")

  set(partition_sources "${out}/model_registry.cpp")
  foreach(partition IN LISTS ARG_PARTITIONS)
    list(APPEND partition_sources "${out}/partitions/${partition}/partition.cpp")
  endforeach()
  add_library(${name}_partitions STATIC ${behaviour_sources} ${partition_sources})
  add_dependencies(${name}_partitions ${name}_gen)
  target_include_directories(${name}_partitions PUBLIC "${out}/include" "${behaviour_dir}")
  target_link_libraries(${name}_partitions PUBLIC bulkhead::runtime)
  set_target_properties(${name}_partitions PROPERTIES POSITION_INDEPENDENT_CODE ON)

  set(manifest_partitions "")
  foreach(partition IN LISTS ARG_PARTITIONS)
    set(target ${name}_${partition})
    add_executable(${target} "${out}/partitions/${partition}/main.cpp")
    target_link_libraries(${target} PRIVATE ${name}_partitions)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME "${partition}"
                                               RUNTIME_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/partitions")
    # VM partitions' programs carry the guest transport ("uio") when this
    # build has it; their generated main uses it only then.
    if(TARGET bulkhead::vm_guest)
      target_link_libraries(${target} PRIVATE bulkhead::vm_guest)
      target_compile_definitions(${target} PRIVATE BULKHEAD_VM_GUEST=1)
    endif()
    # Sanitizer runtimes cannot be linked statically: such builds stay dynamic.
    if(ARG_STATIC AND NOT BULKHEAD_SANITIZE)
      target_link_options(${target} PRIVATE -static)
    endif()
    if(manifest_partitions)
      string(APPEND manifest_partitions ", ")
    endif()
    file(RELATIVE_PATH program "${manifest_dir}" "${CMAKE_CURRENT_BINARY_DIR}/partitions/${partition}")
    string(APPEND manifest_partitions "\"${partition}\": \"${program}\"")
  endforeach()
  _bulkhead_write_manifest()
endfunction()

# The manifest `bulkhead run` finds the programs by (see above); in the
# scope of bulkhead_add_partitions.
macro(_bulkhead_write_manifest)
  set(manifest_models "")
  foreach(model IN LISTS models)
    if(manifest_models)
      string(APPEND manifest_models ", ")
    endif()
    file(RELATIVE_PATH model "${manifest_dir}" "${model}")
    string(APPEND manifest_models "\"${model}\"")
  endforeach()
  file(GENERATE OUTPUT "${manifest_dir}/${name}.json"
       CONTENT "{\"name\": \"${name}\", \"models\": [${manifest_models}], \"partitions\": {${manifest_partitions}}}\n")
endmacro()

# C_USER_DIR: the C partitions' programs and simulation module, built by
# `bulkhead gen --lang c` (the same code as `run --hamr-microkit`, so that
# each thread's code keeps its own names); in the scope of
# bulkhead_add_partitions.
macro(_bulkhead_add_c_partitions)
  get_filename_component(c_user_dir "${ARG_C_USER_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  file(GLOB_RECURSE c_user_sources CONFIGURE_DEPENDS "${c_user_dir}/components/*_user.c")
  set(programs_dir "${CMAKE_CURRENT_BINARY_DIR}/partitions")
  set(sim_module "${CMAKE_BINARY_DIR}/models/${name}.sim.so")
  set(c_outputs "${sim_module}")
  set(manifest_partitions "")
  foreach(partition IN LISTS ARG_PARTITIONS)
    list(APPEND c_outputs "${programs_dir}/${partition}")
    if(manifest_partitions)
      string(APPEND manifest_partitions ", ")
    endif()
    file(RELATIVE_PATH program "${manifest_dir}" "${programs_dir}/${partition}")
    string(APPEND manifest_partitions "\"${partition}\": \"${program}\"")
  endforeach()
  # The C runtime comes with the generator (next to it, or installed beside it).
  if(generator_imported)
    set(c_runtime_dependency "")
  else()
    set(c_runtime_dependency bulkhead_c_runtime)
  endif()
  add_custom_command(
    OUTPUT "${out}/c.stamp"
    BYPRODUCTS ${c_outputs}
    COMMAND "${generator}" gen --lang c ${inputs} -o "${out}" --behaviour-dir "${c_user_dir}" --require-behaviour
            --partitions "${partition_list}" --programs "${programs_dir}" --sim-module "${sim_module}"
    COMMAND "${CMAKE_COMMAND}" -E touch "${out}/c.stamp"
    DEPENDS ${models} ${model_neighbours} ${generator_dependency} ${c_runtime_dependency} ${c_user_sources}
    COMMENT "bulkhead gen --lang c: ${name} (${partition_list})"
    VERBATIM)
  add_custom_target(${name}_c ALL DEPENDS "${out}/c.stamp")
  _bulkhead_write_manifest()
endmacro()
