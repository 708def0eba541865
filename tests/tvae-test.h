/*
 * tvae-test.h -- small helpers shared by the Check unit tests.
 * Header-only (static functions) so each test program stays one file.
 */
#ifndef TVAE_TEST_H
#define TVAE_TEST_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modelgen.h"
#include "tvae.h"

/* Little-endian writers for patching test blobs. */
static inline void tt_put_u16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
}

static inline void tt_put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)((v >> 8) & 0xFFu);
    p[2] = (uint8_t)((v >> 16) & 0xFFu);
    p[3] = (uint8_t)((v >> 24) & 0xFFu);
}

static inline uint32_t tt_get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16)
         | ((uint32_t)p[3] << 24);
}

/* A synthetic model from tvae_synth, malloc'ed; aborts the test on error. */
static inline uint8_t *tt_synth(unsigned latent, unsigned d1, unsigned d2, unsigned d3,
                         unsigned d4, unsigned extra, uint32_t seed,
                         size_t *size)
{
    tvae_synth_config c;
    uint8_t *blob;
    size_t need;
    int rc;

    memset(&c, 0, sizeof c);
    c.latent_len = latent;
    c.d1 = d1;
    c.d2 = d2;
    c.d3 = d3;
    c.d4 = d4;
    c.extra = extra;
    c.seed = seed;
    need = tvae_synth_size(&c);
    ck_assert_uint_gt(need, 0);
    blob = malloc(need);
    ck_assert_ptr_nonnull(blob);
    rc = tvae_synth(&c, blob, need, size);
    ck_assert_int_eq(rc, TVAE_OK);
    ck_assert_uint_eq(*size, need);
    return blob;
}

/* Run a suite; returns the process exit status.  Under `make
 * check-valgrind` (VALGRIND set in the environment) the tests run in one
 * process, as with CK_FORK=no, so memcheck sees every test. */
static inline int tt_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    if (getenv("VALGRIND") != NULL || getenv("TVAE_CK_NOFORK") != NULL)
        srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* TVAE_TEST_H */
