package io.rotender.platform.outbox;

/**
 * The outbox's lanes: each row belongs to the lane of its record key, and a lane is relayed by one replica at a
 * time ({@link OutboxRelay}), so a key's rows keep their order while lanes are relayed in parallel. Sets of lanes
 * travel as one bit per lane. The count is part of the stored data: rows written under another count would land in
 * other lanes, so it changes only with every relay stopped and the outbox drained.
 */
final class OutboxLanes {

    static final int COUNT = 16;
    static final int ALL = (1 << COUNT) - 1;

    private OutboxLanes() {
    }

    /** The lane of a record key ({@link String#hashCode} is the same in every JVM); a key-less row is in lane 0. */
    static int of(String key) {
        return key == null ? 0 : Math.floorMod(key.hashCode(), COUNT);
    }

    static int bit(int lane) {
        return 1 << lane;
    }

    /** The lane numbers of a set, for SQL. */
    static Integer[] numbers(int lanes) {
        Integer[] numbers = new Integer[Integer.bitCount(lanes)];
        int i = 0;
        for (int lane = 0; lane < COUNT; lane++) {
            if ((lanes & bit(lane)) != 0) {
                numbers[i++] = lane;
            }
        }
        return numbers;
    }

    /** The set of these lane numbers. */
    static int bits(Integer[] numbers) {
        int lanes = 0;
        for (Integer lane : numbers) {
            lanes |= bit(lane);
        }
        return lanes;
    }
}
