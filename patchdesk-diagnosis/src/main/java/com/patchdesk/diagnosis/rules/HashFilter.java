package com.patchdesk.diagnosis.rules;

/**
 * A Bloom filter of int hashes per slot (an event kind): {@link #mayHold} is false only for a hash never
 * {@link #add added} to the slot. 64 Kbit a slot, two bits a hash: with the 4,096 groups a kind may have, about one
 * new hash in 70 is taken for a held one and looked up in vain. Not thread-safe.
 */
final class HashFilter {

    private static final int BITS = 1 << 16;

    private final long[][] slots;

    HashFilter(int slots) {
        this.slots = new long[slots][];
    }

    void add(int slot, int hash) {
        long[] bits = slots[slot];
        if (bits == null) {
            bits = new long[BITS / Long.SIZE];
            slots[slot] = bits;
        }
        int mixed = mix(hash);
        int a = mixed & (BITS - 1);
        int b = mixed >>> 16;
        bits[a >>> 6] |= 1L << a;
        bits[b >>> 6] |= 1L << b;
    }

    boolean mayHold(int slot, int hash) {
        long[] bits = slots[slot];
        if (bits == null) {
            return false;
        }
        int mixed = mix(hash);
        int a = mixed & (BITS - 1);
        int b = mixed >>> 16;
        return (bits[a >>> 6] & 1L << a) != 0 && (bits[b >>> 6] & 1L << b) != 0;
    }

    /** Spreads a hash's bits over both halves, so that hashes that differ only in their high bits differ in both. */
    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 15);
    }
}
