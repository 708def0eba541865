/*
 * mulsi3.S -- the 32 x 32 -> 32 multiply that RV32EC code calls for
 * every `*` (no M extension), replacing libgcc's __mulsi3 in the tvae
 * firmware: the index arithmetic of the streaming evaluator multiplies
 * small numbers, and libgcc loops over the bits of its second operand
 * whatever the first.  This one loops over the smaller operand (as an
 * unsigned number; the product modulo 2^32 is the same either way) and
 * takes two bits per step.  a0 * a1 -> a0; uses a2..a5 only (RV32E).
 * ports/riscv/test-dot.c checks it against a shift-and-add reference on
 * the target (test-kernels.sh).
 */
    .section .text.__mulsi3, "ax", @progbits
    .globl __mulsi3
    .type __mulsi3, @function
__mulsi3:
    bgeu    a0, a1, 1f      /* a1 = the smaller operand, a2 = the other */
    mv      a2, a1
    mv      a1, a0
    j       2f
1:  mv      a2, a0
2:  li      a0, 0
    beqz    a1, 5f
3:  andi    a3, a1, 1
    beqz    a3, 4f
    add     a0, a0, a2
4:  andi    a3, a1, 2
    beqz    a3, 6f
    slli    a4, a2, 1
    add     a0, a0, a4
6:  srli    a1, a1, 2
    slli    a2, a2, 2
    bnez    a1, 3b
5:  ret
    .size __mulsi3, . - __mulsi3
