# Screenshot smoke tests of nanoscope-gui under xvfb-run (included by tests/CMakeLists.txt
# when the app is built): every view of two corpus graphs renders a non-trivial PNG, and the
# knot colour is present exactly when the graph has a knot.
find_program(XVFB_RUN xvfb-run)
if(NOT XVFB_RUN)
  message(STATUS "nanoscope: xvfb-run not found: GUI screenshot tests not registered")
  return()
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(NANOSCOPE_TEST_STB REQUIRED IMPORTED_TARGET stb)
add_executable(nanoscope-png-check ${CMAKE_CURRENT_LIST_DIR}/png_check.cpp)
target_link_libraries(nanoscope-png-check PRIVATE PkgConfig::NANOSCOPE_TEST_STB)
set(_shots ${CMAKE_BINARY_DIR}/gui-screenshots)
file(MAKE_DIRECTORY ${_shots})
# knot_colour(0) in gui/viewmodel/colours.cpp
set(_knot E83EA0)
set(_graphs "smartthings=zipkin-smartthings-oauth-authorization.json" "deathstarbench=jaeger-deathstarbench-social-20traces.json")
foreach(_entry IN LISTS _graphs)
  string(REPLACE "=" ";" _pair ${_entry})
  list(GET _pair 0 _name)
  list(GET _pair 1 _file)
  foreach(_view graph matrix findings economics)
    set(_png ${_shots}/${_name}-${_view}.png)
    set(_check --min-colours 40)
    if(_view STREQUAL "graph" OR _view STREQUAL "matrix")
      if(_name STREQUAL "smartthings")
        list(APPEND _check --colour ${_knot} --min-pixels 400)
      else()
        list(APPEND _check --colour ${_knot} --max-pixels 0)
      endif()
    endif()
    string(REPLACE ";" " " _check "${_check}")
    add_test(NAME gui.screenshot.${_name}.${_view}
      COMMAND sh -c "rm -f '${_png}' && '${XVFB_RUN}' -a -s '-screen 0 1280x800x24' '$<TARGET_FILE:nanoscope-gui>' '${NANOSCOPE_CORPUS_DIR}/${_file}' --screenshot '${_png}' --view ${_view} --frames 3 && '$<TARGET_FILE:nanoscope-png-check>' '${_png}' ${_check}")
    set_tests_properties(gui.screenshot.${_name}.${_view} PROPERTIES RESOURCE_LOCK xvfb TIMEOUT 120)
  endforeach()
endforeach()
# "Apply best level" headless: the economics view after regrouping to the sweep's best level
# (exits non-zero if there was no best level to apply).
set(_png ${_shots}/deathstarbench-apply-best.png)
add_test(NAME gui.screenshot.deathstarbench.apply-best
  COMMAND sh -c "rm -f '${_png}' && '${XVFB_RUN}' -a -s '-screen 0 1280x800x24' '$<TARGET_FILE:nanoscope-gui>' '${NANOSCOPE_CORPUS_DIR}/jaeger-deathstarbench-social-20traces.json' --screenshot '${_png}' --view economics --apply-best --frames 3 && '$<TARGET_FILE:nanoscope-png-check>' '${_png}' --min-colours 40")
set_tests_properties(gui.screenshot.deathstarbench.apply-best PROPERTIES RESOURCE_LOCK xvfb TIMEOUT 120)
# Without a display the app must fail with a clear message, not crash.
add_test(NAME gui.no-display COMMAND sh -c "env -u DISPLAY -u WAYLAND_DISPLAY '$<TARGET_FILE:nanoscope-gui>' --screenshot '${_shots}/none.png' 2>&1 | grep -q 'cannot open a window' && test ! -e '${_shots}/none.png'")
# A file that is not a trace: the import error is reported and the exit code is non-zero.
add_test(NAME gui.import-error COMMAND sh -c "printf 'not a trace' > '${_shots}/bad.json' && ! '${XVFB_RUN}' -a -s '-screen 0 1280x800x24' '$<TARGET_FILE:nanoscope-gui>' '${_shots}/bad.json' --screenshot '${_shots}/bad.png' 2> '${_shots}/bad.err' && grep -q 'import failed' '${_shots}/bad.err'")
set_tests_properties(gui.import-error PROPERTIES RESOURCE_LOCK xvfb TIMEOUT 120)
# The simulation panel after a merge, headless (--simulate runs the comparison first; exits
# non-zero if it could not start).
set(_png ${_shots}/deathstarbench-simulate.png)
add_test(NAME gui.screenshot.deathstarbench.simulate
  COMMAND sh -c "rm -f '${_png}' && '${XVFB_RUN}' -a -s '-screen 0 1280x800x24' '$<TARGET_FILE:nanoscope-gui>' '${NANOSCOPE_CORPUS_DIR}/jaeger-deathstarbench-social-20traces.json' --merge compose-post-service,text-service --simulate --screenshot '${_png}' --frames 3 && '$<TARGET_FILE:nanoscope-png-check>' '${_png}' --min-colours 40")
set_tests_properties(gui.screenshot.deathstarbench.simulate PROPERTIES RESOURCE_LOCK xvfb TIMEOUT 300)
# A diff (--diff BEFORE -- AFTER) of two generated shop traces with planted changes
# (diff_demo_traces.py): the added (green) and removed (red) services of the diff palette
# (gui/viewmodel/colours.hpp) are on screen; --diff without an after side is a usage error.
find_program(NANOSCOPE_PYTHON3 python3)
if(NANOSCOPE_PYTHON3)
  set(_png ${_shots}/diff-graph.png)
  set(_demo ${_shots}/diff-demo)
  add_test(NAME gui.screenshot.diff
    COMMAND sh -c "rm -f '${_png}' && '${NANOSCOPE_PYTHON3}' '${CMAKE_CURRENT_LIST_DIR}/diff_demo_traces.py' '${_demo}' 200 && '${XVFB_RUN}' -a -s '-screen 0 1280x800x24' '$<TARGET_FILE:nanoscope-gui>' --diff '${_demo}/before.json' -- '${_demo}/after.json' --screenshot '${_png}' --frames 3 && '$<TARGET_FILE:nanoscope-png-check>' '${_png}' --min-colours 40 --colour 46C85F --min-pixels 40 && '$<TARGET_FILE:nanoscope-png-check>' '${_png}' --colour EB4B4B --min-pixels 40")
  set_tests_properties(gui.screenshot.diff PROPERTIES RESOURCE_LOCK xvfb TIMEOUT 120)
endif()
add_test(NAME gui.diff-usage COMMAND sh -c "! '$<TARGET_FILE:nanoscope-gui>' --diff a.json 2> '${_shots}/diff-usage.err' && grep -q 'both sides' '${_shots}/diff-usage.err'")
