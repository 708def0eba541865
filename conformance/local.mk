# conformance/local.mk -- included by the top Makefile.am (non-recursive build).
# Owner: vectors/conformance engineer (conformance/).  Only the owner edits this file.
#
# Append (+=) to the shared lists declared in Makefile.am (bin_PROGRAMS,
# check_PROGRAMS, TESTS, EXTRA_DIST, CLEANFILES, ...); write paths relative
# to the top directory.  Link the decoder with libtvae.la and the model
# generator with libtvaegen.la libtvae.la.  Put optional parts under
# "if HAVE_AVR" / HAVE_RISCV / HAVE_ARM / HAVE_TORCH ... endif.

# --- the runner and the host stream target (installed: porters use them) --
bin_PROGRAMS += conformance/tvae-conform conformance/tvae-target-host
tvae_conform_cppflags = $(AM_CPPFLAGS) -I$(top_srcdir)/conformance

conformance_tvae_conform_SOURCES = conformance/tvae-conform.c \
	conformance/stream.c conformance/stream.h \
	conformance/tvv.c conformance/tvv.h conformance/target/tvae_target.h
conformance_tvae_conform_CPPFLAGS = $(tvae_conform_cppflags) $(LIBPNG_CFLAGS) \
	-DTVAE_VECTORS_DIR='"$(pkgdatadir)/vectors"'
conformance_tvae_conform_LDADD = libtvae.la $(LIBPNG_LIBS) -ldl -lm

conformance_tvae_target_host_SOURCES = conformance/tvae-target-host.c \
	conformance/target/tvae_target.c conformance/target/tvae_target.h \
	conformance/tvv.c conformance/tvv.h
conformance_tvae_target_host_CPPFLAGS = $(tvae_conform_cppflags)
conformance_tvae_target_host_LDADD = libtvae.la -ldl

# --- deliberately wrong decoders, as dlopen-able modules -------------------
# Each carries its own copy of the reference (for the model accessors) so
# that it loads from the build tree without an installed libtvae.
noinst_LTLIBRARIES += conformance/libtvaeref.la
conformance_libtvaeref_la_SOURCES = ref/tvae.c
conformance_libtvaeref_la_CPPFLAGS = $(AM_CPPFLAGS) -DTVAE_CONFORM_COPY

tvae_wrong_modules = \
	conformance/wrong/control.la \
	conformance/wrong/half-even.la \
	conformance/wrong/truncate.la \
	conformance/wrong/no-low-clamp.la \
	conformance/wrong/acc16.la \
	conformance/wrong/convt-pad.la \
	conformance/wrong/crash.la
check_LTLIBRARIES += $(tvae_wrong_modules)
tvae_wrong_ldflags = -module -avoid-version -shared -rpath '$(abs_builddir)/conformance/wrong'
noinst_HEADERS += conformance/wrong/mutant.h conformance/tvae_kernels.h
conformance_wrong_control_la_SOURCES = conformance/wrong/control.c
conformance_wrong_control_la_LIBADD = conformance/libtvaeref.la
conformance_wrong_control_la_LDFLAGS = $(tvae_wrong_ldflags)
conformance_wrong_half_even_la_SOURCES = conformance/wrong/half-even.c
conformance_wrong_half_even_la_LIBADD = conformance/libtvaeref.la
conformance_wrong_half_even_la_LDFLAGS = $(tvae_wrong_ldflags)
conformance_wrong_truncate_la_SOURCES = conformance/wrong/truncate.c
conformance_wrong_truncate_la_LIBADD = conformance/libtvaeref.la
conformance_wrong_truncate_la_LDFLAGS = $(tvae_wrong_ldflags)
conformance_wrong_no_low_clamp_la_SOURCES = conformance/wrong/no-low-clamp.c
conformance_wrong_no_low_clamp_la_LIBADD = conformance/libtvaeref.la
conformance_wrong_no_low_clamp_la_LDFLAGS = $(tvae_wrong_ldflags)
conformance_wrong_acc16_la_SOURCES = conformance/wrong/acc16.c
conformance_wrong_acc16_la_LIBADD = conformance/libtvaeref.la
conformance_wrong_acc16_la_LDFLAGS = $(tvae_wrong_ldflags)
conformance_wrong_convt_pad_la_SOURCES = conformance/wrong/convt-pad.c
conformance_wrong_convt_pad_la_LIBADD = conformance/libtvaeref.la
conformance_wrong_convt_pad_la_LDFLAGS = $(tvae_wrong_ldflags)
conformance_wrong_crash_la_SOURCES = conformance/wrong/crash.c
conformance_wrong_crash_la_LIBADD = conformance/libtvaeref.la
conformance_wrong_crash_la_LDFLAGS = $(tvae_wrong_ldflags)

# --- checkasm-style kernel checker ----------------------------------------
# checkkernels: the reference's own table (a port links its own init file);
# -stream: ports/common's 32-bit requantization; the wrong ones must fail.
noinst_PROGRAMS += conformance/checkkernels
check_PROGRAMS += conformance/checkkernels-stream \
	conformance/checkkernels-wrong-convt conformance/checkkernels-wrong-overrun
conformance_checkkernels_SOURCES = conformance/checkkernels.c conformance/kernels-ref.c
conformance_checkkernels_CPPFLAGS = $(tvae_conform_cppflags)
conformance_checkkernels_LDADD = libtvae.la
conformance_checkkernels_stream_SOURCES = conformance/checkkernels.c \
	conformance/kernels-stream.c ports/common/tvae_stream.c ports/common/tvae_stream.h
conformance_checkkernels_stream_CPPFLAGS = $(tvae_conform_cppflags) -I$(top_srcdir)/ports/common
conformance_checkkernels_stream_LDADD = libtvae.la
conformance_checkkernels_wrong_convt_SOURCES = conformance/checkkernels.c \
	conformance/wrong/kernels-convt-pad.c
conformance_checkkernels_wrong_convt_CPPFLAGS = $(tvae_conform_cppflags)
conformance_checkkernels_wrong_convt_LDADD = libtvae.la
conformance_checkkernels_wrong_overrun_SOURCES = conformance/checkkernels.c \
	conformance/wrong/kernels-overrun.c
conformance_checkkernels_wrong_overrun_CPPFLAGS = $(tvae_conform_cppflags)
conformance_checkkernels_wrong_overrun_LDADD = libtvae.la

# --- tests -----------------------------------------------------------------
tvae_conform_tests = \
	conformance/test-reference-passes-in-process.sh \
	conformance/test-reference-passes-over-stream.sh \
	conformance/test-wrong-decoders-are-caught-with-layer.sh \
	conformance/test-hung-and-crashed-targets-are-reported.sh \
	conformance/test-target-survives-hostile-bytes.sh \
	conformance/test-corrupt-vector-sets-are-rejected.sh \
	conformance/test-serial-port-over-a-pty.sh \
	conformance/test-tap-junit-and-selection.sh \
	conformance/test-checkkernels.sh
TESTS += $(tvae_conform_tests)
EXTRA_DIST += $(tvae_conform_tests) conformance/test-lib.sh \
	conformance/PROTOCOL.md conformance/PORTING.md conformance/wrong/README.md
CLEANFILES += conformance/*.png conformance/*.xml
