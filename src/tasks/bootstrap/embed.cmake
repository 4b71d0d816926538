# Writes a C++ source holding the bootstrap scripts as string literals:
#   cmake -DOUT=<file.cpp> -DNODE=<node_worker.js> -DPYTHON=<python_worker.py> -P embed.cmake
file(READ "${NODE}" node_script)
file(READ "${PYTHON}" python_script)
set(content "// Generated from src/tasks/bootstrap by embed.cmake; do not edit.\n#include <string_view>\n\nnamespace stepwise::tasks {\n")
string(APPEND content "extern const std::string_view kNodeWorkerScript = R\"SW_BOOT(${node_script})SW_BOOT\";\n")
string(APPEND content "extern const std::string_view kPythonWorkerScript = R\"SW_BOOT(${python_script})SW_BOOT\";\n")
string(APPEND content "}  // namespace stepwise::tasks\n")
file(WRITE "${OUT}.tmp" "${content}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
