# tests/local.mk -- unit tests (owner: build/tests engineer).
# Check (libcheck) programs, one per area, named after what they prove.
