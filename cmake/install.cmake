# Packaging: `cmake --install BUILD [--prefix P]` lays out
#   include/muster/**                      the C++ API and the C header muster.h
#   lib/libmuster_cpp.a                    the C++ library (muster::muster; component cxx)
#   lib/libmuster.so*                      the C API (muster::muster_c; component c)
#   lib/libmuster.a                        the C API with the engine inside, static
#                                          (muster::muster_c_static; component c_static)
#   lib/cmake/muster/                      musterConfig.cmake, …ConfigVersion.cmake, and one targets
#                                          file per component: musterCxxTargets*.cmake,
#                                          musterCTargets*.cmake, musterCStaticTargets*.cmake
#   lib/pkgconfig/muster.pc                for C users: pkg-config --cflags --libs muster (the C API);
#                                          with --static, what the archive needs besides
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

# Libraries, exported as muster::muster, muster::muster_c and muster::muster_c_static (the ALIAS
# names used in-tree), each in an export set of its own so that musterConfig.cmake loads only the
# components asked for: the C API is a shared library whose C++ dependencies are linked into it,
# so find_package(muster COMPONENTS c) must not look for yaml-cpp, fmt, Boost, OpenSSL or pugixml;
# the static one needs the compiled ones (yaml-cpp, fmt, OpenSSL, pugixml) but not Boost or
# nlohmann_json, which are headers only.
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
if(TARGET muster_c_static)
  install(TARGETS muster_c_static
          EXPORT musterCStaticTargets
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT muster_development)
  install(EXPORT musterCStaticTargets
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
  # `pkg-config --static` adds what linking libmuster.a needs: read from muster_c_static's own
  # link libraries, so the two cannot drift. Packages that ship a .pc file (all four do on
  # Debian 12) go in Requires.private, which then pkg-config wants present for --cflags and
  # --libs too; plain libraries (the C++ runtime) and the threads flag go in Libs.private.
  set(MUSTER_PC_REQUIRES_PRIVATE "")
  set(MUSTER_PC_LIBS_PRIVATE "")
  if(TARGET muster_c_static)
    set(pc_modules "yaml-cpp=yaml-cpp" "fmt::fmt=fmt" "OpenSSL::Crypto=libcrypto" "pugixml::pugixml=pugixml")
    get_target_property(static_libs muster_c_static LINK_LIBRARIES)
    foreach(lib IN LISTS static_libs)
      if(lib STREQUAL "Threads::Threads")
        list(APPEND MUSTER_PC_LIBS_PRIVATE ${CMAKE_THREAD_LIBS_INIT})  # empty where libc has threads
      elseif(lib STREQUAL "PkgConfig::libpq")
        # The shared libpq, as the CMake package links it: libpq.pc's own Libs.private are for a
        # static libpq (Kerberos, LDAP …, whose development files Debian does not install with
        # libpq-dev), so `Requires.private: libpq` would break `pkg-config --static muster`.
        list(APPEND MUSTER_PC_LIBS_PRIVATE "-lpq")
      elseif(TARGET "${lib}")
        set(module "")
        foreach(pair IN LISTS pc_modules)
          if(pair MATCHES "^(.*)=(.*)$" AND CMAKE_MATCH_1 STREQUAL lib)
            set(module "${CMAKE_MATCH_2}")
          endif()
        endforeach()
        if(NOT module)
          message(FATAL_ERROR "muster_c_static links ${lib}: name its pkg-config module in cmake/install.cmake "
                              "(pc_modules), for muster.pc's Requires.private")
        endif()
        list(APPEND MUSTER_PC_REQUIRES_PRIVATE "${module}")
      elseif(lib MATCHES "^-" OR IS_ABSOLUTE "${lib}")
        list(APPEND MUSTER_PC_LIBS_PRIVATE "${lib}")
      else()
        list(APPEND MUSTER_PC_LIBS_PRIVATE "-l${lib}")
      endif()
    endforeach()
  endif()
  list(JOIN MUSTER_PC_REQUIRES_PRIVATE " " MUSTER_PC_REQUIRES_PRIVATE)
  list(JOIN MUSTER_PC_LIBS_PRIVATE " " MUSTER_PC_LIBS_PRIVATE)
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
