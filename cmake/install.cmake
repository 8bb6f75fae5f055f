# Packaging: `cmake --install BUILD [--prefix P]` lays out
#   include/muster/**                      the C++ API and the C header muster.h
#   lib/libmuster_cpp.a                    the C++ library (muster::muster; component cxx)
#   lib/libmuster.so*                      the C API (muster::muster_c; component c)
#   lib/cmake/muster/                      musterConfig.cmake, …ConfigVersion.cmake, and one targets
#                                          file per component: musterCxxTargets*.cmake, musterCTargets*.cmake
#   lib/pkgconfig/muster.pc                for C users: pkg-config --cflags --libs muster (the C API)
#   bin/muster                             the command
#   share/muster/rules/                    the language reference, schemas and the Weihai policy
# Included from the top-level CMakeLists.txt when MUSTER_INSTALL is on, after every target exists.
# The one version is project(VERSION); everything below derives from it.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(MUSTER_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/muster" CACHE STRING
    "Where musterConfig.cmake is installed, relative to the prefix")
mark_as_advanced(MUSTER_INSTALL_CMAKEDIR)

# The headers carry the version as macros for the preprocessor; they must say what project() says.
foreach(header include/muster/config.hpp bindings/c/include/muster/muster.h)
  if(EXISTS "${PROJECT_SOURCE_DIR}/${header}")
    file(READ "${PROJECT_SOURCE_DIR}/${header}" text)
    set(header_version "")
    foreach(part MAJOR MINOR PATCH)
      string(REGEX MATCH "#define MUSTER_VERSION_${part} +([0-9]+)" found "${text}")
      list(APPEND header_version "${CMAKE_MATCH_1}")
    endforeach()
    list(JOIN header_version "." header_version)
    if(NOT header_version STREQUAL PROJECT_VERSION)
      message(FATAL_ERROR "${header} says version '${header_version}' but project() says ${PROJECT_VERSION}: "
                          "change both together")
    endif()
  endif()
endforeach()

# So must the Python package (bindings/python/muster/_version.py; pyproject.toml reads it there).
set(python_version_file "${PROJECT_SOURCE_DIR}/bindings/python/muster/_version.py")
if(EXISTS "${python_version_file}")
  file(STRINGS "${python_version_file}" python_version REGEX "^__version__ = ")
  string(REGEX REPLACE "^__version__ = \"([^\"]*)\".*" "\\1" python_version "${python_version}")
  if(NOT python_version STREQUAL PROJECT_VERSION)
    message(FATAL_ERROR "${python_version_file} says version '${python_version}' but project() says "
                        "${PROJECT_VERSION}: change both together")
  endif()
endif()

# Headers: the whole public tree (model/, machines/ and detail/ included: the facade headers
# include model/), and the C header next to them so <muster/muster.h> works from one -I.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/muster"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT muster_development
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
if(TARGET muster_c)
  install(FILES "${PROJECT_SOURCE_DIR}/bindings/c/include/muster/muster.h"
          DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/muster" COMPONENT muster_development)
endif()

# Libraries, exported as muster::muster and muster::muster_c (the ALIAS names used in-tree), each
# in an export set of its own so that musterConfig.cmake loads only the components asked for:
# the C API is a shared library whose C++ dependencies are linked into it, so
# find_package(muster COMPONENTS c) must not look for yaml-cpp, fmt, Boost, OpenSSL or pugixml.
# Their include directory comes from the targets' own $<INSTALL_INTERFACE:include>.
install(TARGETS muster
        EXPORT musterCxxTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT muster_development)
install(EXPORT musterCxxTargets
        NAMESPACE muster::
        DESTINATION "${MUSTER_INSTALL_CMAKEDIR}" COMPONENT muster_development)
if(TARGET muster_c)
  install(TARGETS muster_c
          EXPORT musterCTargets
          LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT muster_runtime NAMELINK_COMPONENT muster_development
          RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT muster_runtime)
  install(EXPORT musterCTargets
          NAMESPACE muster::
          DESTINATION "${MUSTER_INSTALL_CMAKEDIR}" COMPONENT muster_development)
endif()

set(MUSTER_BOOST_MIN_VERSION 1.74)  # as find_package(Boost) in CMakeLists.txt
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/musterConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/musterConfig.cmake"
  INSTALL_DESTINATION "${MUSTER_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/musterConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/musterConfig.cmake" "${PROJECT_BINARY_DIR}/musterConfigVersion.cmake"
        DESTINATION "${MUSTER_INSTALL_CMAKEDIR}" COMPONENT muster_development)

# pkg-config, for the C library. The prefix is the one given at install time
# (`cmake --install … --prefix P`), so the file is written twice: now with everything but the
# prefix, and at install time with it.
if(TARGET muster_c)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(MUSTER_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
  else()
    set(MUSTER_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  endif()
  if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(MUSTER_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
  else()
    set(MUSTER_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
  endif()
  set(MUSTER_PC_PREFIX "@MUSTER_PC_PREFIX@")  # kept for the install-time pass
  configure_file("${PROJECT_SOURCE_DIR}/cmake/muster.pc.in" "${PROJECT_BINARY_DIR}/muster.pc.in" @ONLY)
  install(CODE "
    set(MUSTER_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
    configure_file(\"${PROJECT_BINARY_DIR}/muster.pc.in\" \"${PROJECT_BINARY_DIR}/muster.pc\" @ONLY)
  " COMPONENT muster_development)
  install(FILES "${PROJECT_BINARY_DIR}/muster.pc"
          DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT muster_development)
endif()

# The command and the rules it ships with.
if(TARGET muster_cli)
  install(TARGETS muster_cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT muster_runtime)
endif()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/rules/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/muster/rules" COMPONENT muster_runtime)
