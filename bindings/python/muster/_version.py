"""The version of this package: the Muster version it wraps (CMake checks it against project(VERSION)).

The library it loads must have the same major and minor version: while the version is 0.x the
C API may change between minor versions.
"""

__version__ = "0.1.0"
