# Checks that one header compiles on its own (and twice in one file): a `-fsyntax-only` compile,
# which parses and instantiates what the header needs without generating code.
# cmake -DCXX=<compiler> -DROOT=<include dir> -DHEADER=<events/x.hpp> -DOUT=<dir> "-DFLAGS=<;-list>" -P check_header.cmake
string(MAKE_C_IDENTIFIER "${HEADER}" id)
set(src "${OUT}/${id}.cpp")
file(WRITE "${src}" "#include <${HEADER}>\n#include <${HEADER}>\n")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror ${FLAGS} -I${ROOT} "${src}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${HEADER} does not compile on its own:\n${out}")
endif()
