# campaigns_add_capability(<folder> [LIBS ...] [PRIVATE_LIBS ...])
# One capability = one folder of plugin/ = one namespace campaigns::<folder> = one static library
# campaigns_<folder> built from every .cpp in the folder. Sources include other capabilities'
# headers by folder ("sending/SendEngine.h"), so the include root is plugin/ for all of them.
function(campaigns_add_capability folder)
  cmake_parse_arguments(C "" "" "LIBS;PRIVATE_LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(campaigns_${folder} STATIC ${sources})
  target_include_directories(campaigns_${folder} PUBLIC ${PROJECT_SOURCE_DIR}/plugin)
  target_link_libraries(campaigns_${folder} PUBLIC ${C_LIBS} PRIVATE ${C_PRIVATE_LIBS})
endfunction()
