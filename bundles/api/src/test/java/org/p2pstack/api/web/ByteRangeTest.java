package org.p2pstack.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

    private static ByteRange partial(String header, long length) {
        return assertInstanceOf(ByteRange.Partial.class, ByteRange.parse(header, length)).range();
    }

    @Test
    void firstMiddleLastAndOpenRanges() {
        assertEquals(new ByteRange(0, 0), partial("bytes=0-0", 100));
        assertEquals(new ByteRange(10, 19), partial("bytes=10-19", 100));
        assertEquals(new ByteRange(90, 99), partial("bytes=90-", 100));
        assertEquals(new ByteRange(50, 99), partial("bytes=50-1000", 100));
        assertEquals(new ByteRange(0, 99), partial("bytes=0-" + Long.MAX_VALUE + "0", 100));
    }

    @Test
    void contentRangeHeader() {
        assertEquals("bytes 10-19/100", new ByteRange(10, 19).contentRange(100));
    }

    @Test
    void suffixRanges() {
        assertEquals(new ByteRange(90, 99), partial("bytes=-10", 100));
        assertEquals(new ByteRange(0, 99), partial("bytes=-500", 100));
    }

    @ParameterizedTest
    @ValueSource(strings = { "bytes=100-", "bytes=200-300", "bytes=-0", "bytes=9999999999999999999-" })
    void unsatisfiable(String header) {
        assertInstanceOf(ByteRange.Unsatisfiable.class, ByteRange.parse(header, 100));
    }

    @ParameterizedTest
    @ValueSource(strings = { "items=0-1", "bytes=0-1,5-9", "bytes=5-4", "bytes=-", "bytes=a-b", "bytes=1-2-3" })
    void otherUnitsMultipleAndInvalidRangesGetTheWholeFile(String header) {
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse(header, 100));
    }

    @Test
    void missingOrOverlongHeaderGetsTheWholeFile() {
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse(null, 100));
        assertInstanceOf(ByteRange.Whole.class, ByteRange.parse("bytes=" + "1".repeat(300) + "-", 100));
    }
}
