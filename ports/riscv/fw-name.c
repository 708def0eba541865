/* fw-name.c -- the firmware's name for HELLO and the bench lines
 * ("TARGET-MAP-DECODER"), compiled per firmware by fw-build.sh so that
 * the rest of the code is compiled once per target. */
#include "fw_models.h"

const char tvae_fw_name[] = TVAE_FW_NAME;
