# stepwise_embed_web_assets(<out.cpp> <dist dir> <function>): generates
# <out.cpp>, defining `std::span<const WebAsset> <function>()` (api/ui/web_assets.h)
# over every file of <dist dir>, again whenever a file there changes, appears
# or goes (the glob is checked at each build). The directory may be missing.
function(stepwise_embed_web_assets out dist function)
  set(stepwise_embed_web_script ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embed_web_assets.cmake)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS LIST_DIRECTORIES false ${dist}/*)
  # The list itself, rewritten only when it changes: a file that goes (or the
  # whole folder) makes the table again too.
  string(REPLACE ";" "\n" listed "${files}")
  file(CONFIGURE OUTPUT ${out}.files CONTENT "${listed}\n")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DDIST=${dist} -DFUNCTION=${function} -P ${stepwise_embed_web_script}
    DEPENDS ${files} ${out}.files ${stepwise_embed_web_script}
    COMMENT "Embedding the web page's files (${dist})")
endfunction()
