/*
 * start.S -- reset code for the tvae RV32EC firmware (CH32V003 class).
 *
 * Runs from reset with no stack: sets gp and sp, copies .data from flash,
 * clears .bss, paints the free RAM between the end of .bss and the top of
 * the stack with TVAE_STACK_PAINT so that tvae_board_stack_peak() can find
 * the stack's high-water mark later, then calls main() and leaves through
 * tvae_board_exit(main's return value).
 *
 * Only x0..x15 exist on RV32E; the code uses a0..a5, t0..t2.
 */
    .section .text.start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, __stack_top

    /* .data: flash image -> RAM */
    la      a0, __data_load
    la      a1, __data_start
    la      a2, __data_end
1:  bgeu    a1, a2, 2f
    lw      a3, 0(a0)
    sw      a3, 0(a1)
    addi    a0, a0, 4
    addi    a1, a1, 4
    j       1b
2:
    /* .bss = 0 */
    la      a1, __bss_start
    la      a2, __bss_end
3:  bgeu    a1, a2, 4f
    sw      zero, 0(a1)
    addi    a1, a1, 4
    j       3b
4:
    /* paint [__bss_end, __stack_top) with the stack pattern */
    li      a3, 0xA5A5A5A5
    la      a2, __stack_top
5:  bgeu    a1, a2, 6f
    sw      a3, 0(a1)
    addi    a1, a1, 4
    j       5b
6:
    call    main
    call    tvae_board_exit
7:  j       7b
    .size _start, . - _start

/*
 * long tvae_semihost(long op, void *arg): the RISC-V semihosting trap.
 * QEMU recognises the ebreak only between these two exact, uncompressed
 * instructions, which must not straddle a page: hence the alignment.
 */
    .section .text.semihost, "ax", @progbits
    .balign 16
    .globl tvae_semihost
    .type tvae_semihost, @function
tvae_semihost:
    .option push
    .option norvc
    .option norelax
    slli    x0, x0, 0x1f
    ebreak
    srai    x0, x0, 7
    .option pop
    ret
    .size tvae_semihost, . - tvae_semihost
