# Merges static archives into one (ar's MRI script): the C runtime that
# `run --hamr-microkit` links user code with is a single file.
#   cmake -DOUT=<archive> -DAR=<ar> -DINPUTS=<a|b|...> -P merge_archive.cmake
string(REPLACE "|" ";" INPUTS "${INPUTS}")
file(REMOVE "${OUT}")
set(script "CREATE ${OUT}\n")
foreach(input IN LISTS INPUTS)
  string(APPEND script "ADDLIB ${input}\n")
endforeach()
string(APPEND script "SAVE\nEND\n")
file(WRITE "${OUT}.mri" "${script}")
execute_process(COMMAND "${AR}" -M INPUT_FILE "${OUT}.mri" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "merging ${OUT} failed: ${result}")
endif()
