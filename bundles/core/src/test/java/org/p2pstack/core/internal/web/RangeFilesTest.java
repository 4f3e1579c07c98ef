package org.p2pstack.core.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RangeFilesTest {

    @Test
    void singleRanges() {
        assertEquals(new RangeFiles.Range(0, 99), RangeFiles.parse("bytes=0-99", 1000));
        assertEquals(new RangeFiles.Range(500, 999), RangeFiles.parse("bytes=500-", 1000));
        assertEquals(new RangeFiles.Range(900, 999), RangeFiles.parse("bytes=-100", 1000));
        assertEquals(new RangeFiles.Range(0, 999), RangeFiles.parse("bytes=-5000", 1000));
        assertEquals(new RangeFiles.Range(990, 999), RangeFiles.parse("bytes=990-5000", 1000));
    }

    @Test
    void unsatisfiableAndIgnored() {
        RangeFiles.Range beyond = RangeFiles.parse("bytes=1000-", 1000);
        assertTrue(beyond.first() > beyond.last());
        RangeFiles.Range backwards = RangeFiles.parse("bytes=50-10", 1000);
        assertTrue(backwards.first() > backwards.last());
        RangeFiles.Range huge = RangeFiles.parse("bytes=9999999999999999999-", 1000);
        assertTrue(huge.first() > huge.last());
        assertNull(RangeFiles.parse(null, 1000));
        assertNull(RangeFiles.parse("bytes=0-1,5-9", 1000), "several ranges: the whole file");
        assertNull(RangeFiles.parse("items=0-1", 1000));
        assertNull(RangeFiles.parse("bytes=-", 1000));
        assertNull(RangeFiles.parse("bytes=" + "1".repeat(300) + "-", 1000));
    }
}
