# ref/local.mk -- the reference decoder library (owner: build/tests engineer).
# libtvae.la is ref/tvae.c only: the dependency-free decoder core.

lib_LTLIBRARIES += libtvae.la
libtvae_la_SOURCES = ref/tvae.c
include_HEADERS += ref/tvae.h
libtvae_la_CPPFLAGS = $(AM_CPPFLAGS) $(CODE_COVERAGE_CPPFLAGS)
libtvae_la_CFLAGS = $(AM_CFLAGS) $(CODE_COVERAGE_CFLAGS)
libtvae_la_LIBADD = $(CODE_COVERAGE_LIBS)
libtvae_la_LDFLAGS = -version-info 1:0:0 -no-undefined
