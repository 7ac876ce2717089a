# Layering enforced by the compiler: model <- importers, analysis, sim <- economics <- session
# <- cli, gui. No target sees the source root. Each one gets an include root of its own in the
# build tree holding a single symlink to its own folder (build/include-roots/TARGET/FOLDER), and
# sees the folders below it only through the PUBLIC roots of the libraries it links. So
# `#include "gui/..."` in model/ or `#include "importers/..."` in analysis/ is "No such file",
# not a convention; tests/layering (a ctest) proves it on a probe that tries.

# nanoscope_include_root(TARGET PUBLIC|PRIVATE FOLDER): TARGET's sources and (PUBLIC) its users
# include FOLDER's headers as "FOLDER/name.hpp".
function(nanoscope_include_root target scope folder)
  set(root "${PROJECT_BINARY_DIR}/include-roots/${target}")
  set(link "${root}/${folder}")
  get_filename_component(parent "${link}" DIRECTORY)
  file(MAKE_DIRECTORY "${parent}")
  if(NOT IS_SYMLINK "${link}")
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${folder}" "${link}" SYMBOLIC)
  endif()
  target_include_directories(${target} ${scope} "$<BUILD_INTERFACE:${root}>")
endfunction()
