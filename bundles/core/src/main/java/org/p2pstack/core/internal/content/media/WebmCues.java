package org.p2pstack.core.internal.content.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes a WebM from the browser's MediaRecorder seekable. Such files have no duration, no index of where
 * each part starts (Cues) and clusters of "unknown" size, so players cannot seek and do not know how long
 * the video is. This rewrites the file with the duration in its Info, a SeekHead, Cues in front of the
 * clusters, and every size known. The blocks themselves are copied unchanged.
 */
public final class WebmCues {

    static final long EBML = 0x1A45DFA3L;
    static final long SEGMENT = 0x18538067L;
    static final long SEEK_HEAD = 0x114D9B74L;
    static final long SEEK = 0x4DBBL;
    static final long SEEK_ID = 0x53ABL;
    static final long SEEK_POSITION = 0x53ACL;
    static final long INFO = 0x1549A966L;
    static final long TIMECODE_SCALE = 0x2AD7B1L;
    static final long DURATION = 0x4489L;
    static final long TRACKS = 0x1654AE6BL;
    static final long TRACK_ENTRY = 0xAEL;
    static final long TRACK_NUMBER = 0xD7L;
    static final long TRACK_TYPE = 0x83L;
    static final long CLUSTER = 0x1F43B675L;
    static final long TIMECODE = 0xE7L;
    static final long SIMPLE_BLOCK = 0xA3L;
    static final long BLOCK_GROUP = 0xA0L;
    static final long BLOCK = 0xA1L;
    static final long CUES = 0x1C53BB6BL;
    static final long CUE_POINT = 0xBBL;
    static final long CUE_TIME = 0xB3L;
    static final long CUE_TRACK_POSITIONS = 0xB7L;
    static final long CUE_TRACK = 0xF7L;
    static final long CUE_CLUSTER_POSITION = 0xF1L;
    static final long VOID = 0xECL;
    /** Elements that can only sit directly in the Segment: meeting one ends a cluster of unknown size. */
    private static final Set<Long> SEGMENT_CHILDREN = Set.of(SEEK_HEAD, INFO, TRACKS, CLUSTER, CUES, 0x1941A469L,
            0x1043A770L, 0x1254C367L);
    /** Largest header-level element read into memory (Info, Tracks, Tags...). */
    static final long MAX_METADATA = 16L * 1024 * 1024;
    /** Most clusters and blocks looked at. */
    static final int MAX_CLUSTERS = 1_000_000;

    private WebmCues() {
    }

    private record Cluster(long bodyStart, long bodyEnd, long timecode, boolean videoKeyframe) {
    }

    /**
     * Writes a seekable copy of {@code source} to {@code target}.
     *
     * @return false when {@code source} already has Cues and a duration (nothing written)
     */
    public static boolean rewrite(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            long length = in.size();
            Ebml.Header ebml = Ebml.readHeader(in, 0);
            if (ebml.id() != EBML || ebml.unknownSize()) {
                throw new IOException("Not a WebM file");
            }
            byte[] ebmlElement = Ebml.read(in, 0, ebml.length() + ebml.size(), 4096);
            long segmentStart = ebml.length() + ebml.size();
            Ebml.Header segment = Ebml.readHeader(in, segmentStart);
            if (segment.id() != SEGMENT) {
                throw new IOException("Damaged WebM: no Segment");
            }
            long position = segmentStart + segment.length();
            long segmentEnd = segment.unknownSize() ? length : Math.min(length, position + segment.size());

            byte[] info = null;
            byte[] tracks = null;
            boolean hadCues = false;
            List<byte[]> others = new ArrayList<>();
            List<Cluster> clusters = new ArrayList<>();
            long lastBlockTime = 0;
            long videoTrack = -1;
            while (position < segmentEnd) {
                Ebml.Header header = Ebml.readHeader(in, position);
                long body = position + header.length();
                if (header.id() == CLUSTER) {
                    if (clusters.size() >= MAX_CLUSTERS) {
                        throw new IOException("Too many clusters");
                    }
                    long end = header.unknownSize() ? clusterEnd(in, body, segmentEnd) : body + header.size();
                    long[] scan = scanCluster(in, body, Math.min(end, segmentEnd), videoTrack);
                    clusters.add(new Cluster(body, Math.min(end, segmentEnd), scan[0], scan[2] == 1));
                    lastBlockTime = Math.max(lastBlockTime, scan[1]);
                    position = Math.min(end, segmentEnd);
                    continue;
                }
                if (header.unknownSize() || body + header.size() > segmentEnd) {
                    throw new IOException("Damaged WebM: element 0x" + Long.toHexString(header.id()) + " has no usable size");
                }
                byte[] element = Ebml.read(in, position, header.length() + header.size(), MAX_METADATA);
                if (header.id() == INFO) {
                    info = element;
                } else if (header.id() == TRACKS) {
                    tracks = element;
                    videoTrack = videoTrackNumber(element, header.length());
                } else if (header.id() == CUES) {
                    hadCues = true;
                } else if (header.id() != SEEK_HEAD && header.id() != VOID) {
                    others.add(element);
                }
                position = body + header.size();
            }
            if (info == null || tracks == null || clusters.isEmpty()) {
                throw new IOException("Damaged WebM: no Info, Tracks or media clusters");
            }
            if (hadCues && hasDuration(info)) {
                return false;
            }
            write(in, target, ebmlElement, withDuration(info, lastBlockTime), tracks, others, clusters,
                    videoTrack < 0 ? 1 : videoTrack);
            return true;
        }
    }

    /** Where a cluster of unknown size ends: at the next Segment-level element, or the end. */
    private static long clusterEnd(FileChannel in, long body, long segmentEnd) throws IOException {
        long position = body;
        while (position < segmentEnd) {
            Ebml.Header header = Ebml.readHeader(in, position);
            if (SEGMENT_CHILDREN.contains(header.id())) {
                return position;
            }
            if (header.unknownSize()) {
                throw new IOException("Damaged WebM: nested element of unknown size");
            }
            position += header.length() + header.size();
        }
        return segmentEnd;
    }

    /** {timecode, latest block time, 1 if it holds a video keyframe}. */
    private static long[] scanCluster(FileChannel in, long body, long end, long videoTrack) throws IOException {
        long timecode = 0;
        long latest = 0;
        long keyframe = 0;
        long position = body;
        while (position < end) {
            Ebml.Header header = Ebml.readHeader(in, position);
            long data = position + header.length();
            if (header.id() == TIMECODE) {
                byte[] value = Ebml.read(in, data, header.size(), 8);
                timecode = Ebml.unsigned(value, 0, value.length);
            } else if (header.id() == SIMPLE_BLOCK || header.id() == BLOCK_GROUP) {
                long blockData = data;
                if (header.id() == BLOCK_GROUP) {
                    Ebml.Header block = Ebml.readHeader(in, data);
                    if (block.id() != BLOCK) {
                        position = data + header.size();
                        continue;
                    }
                    blockData = data + block.length();
                }
                byte[] start = Ebml.read(in, blockData, Math.min(12, header.size()), 12);
                int trackLength = Integer.numberOfLeadingZeros(start[0] & 0xff) - 23;
                if (trackLength < 1 || trackLength > 8 || trackLength + 3 > start.length) {
                    throw new IOException("Damaged WebM: bad block");
                }
                long track = (start[0] & (0xff >> trackLength));
                for (int i = 1; i < trackLength; i++) {
                    track = (track << 8) | (start[i] & 0xff);
                }
                short relative = (short) (((start[trackLength] & 0xff) << 8) | (start[trackLength + 1] & 0xff));
                latest = Math.max(latest, timecode + relative);
                boolean key = header.id() == SIMPLE_BLOCK && (start[trackLength + 2] & 0x80) != 0;
                if (key && (videoTrack < 0 || track == videoTrack)) {
                    keyframe = 1;
                }
            }
            position = data + header.size();
        }
        return new long[] { timecode, latest, keyframe };
    }

    private static long videoTrackNumber(byte[] tracks, int headerLength) throws IOException {
        int position = headerLength;
        while (position < tracks.length) {
            long[] entry = child(tracks, position);
            if (entry[0] == TRACK_ENTRY) {
                long number = -1;
                long type = -1;
                int inner = (int) (position + entry[1]);
                int end = (int) (inner + entry[2]);
                while (inner < end) {
                    long[] field = child(tracks, inner);
                    int data = (int) (inner + field[1]);
                    if (field[0] == TRACK_NUMBER) {
                        number = Ebml.unsigned(tracks, data, (int) field[2]);
                    } else if (field[0] == TRACK_TYPE) {
                        type = Ebml.unsigned(tracks, data, (int) field[2]);
                    }
                    inner = (int) (data + field[2]);
                }
                if (type == 1) {
                    return number;
                }
            }
            position = (int) (position + entry[1] + entry[2]);
        }
        return -1;
    }

    /** {id, header length, size} of the element at {@code position} of an in-memory element. */
    private static long[] child(byte[] data, int position) throws IOException {
        if (position >= data.length) {
            throw new IOException("Damaged WebM metadata");
        }
        int first = data[position] & 0xff;
        int idLength = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0 || idLength > 4 || position + idLength >= data.length) {
            throw new IOException("Damaged WebM metadata");
        }
        long id = Ebml.unsigned(data, position, idLength);
        int sizeFirst = data[position + idLength] & 0xff;
        int sizeLength = Integer.numberOfLeadingZeros(sizeFirst) - 23;
        if (sizeFirst == 0 || sizeLength > 8 || position + idLength + sizeLength > data.length) {
            throw new IOException("Damaged WebM metadata");
        }
        long size = sizeFirst & (0xff >> sizeLength);
        for (int i = 1; i < sizeLength; i++) {
            size = (size << 8) | (data[position + idLength + i] & 0xff);
        }
        if (position + idLength + sizeLength + size > data.length) {
            throw new IOException("Damaged WebM metadata");
        }
        return new long[] { id, idLength + sizeLength, size };
    }

    private static boolean hasDuration(byte[] info) throws IOException {
        int position = (int) child(info, 0)[1];
        while (position < info.length) {
            long[] field = child(info, position);
            if (field[0] == DURATION) {
                return true;
            }
            position = (int) (position + field[1] + field[2]);
        }
        return false;
    }

    /** The Info element with {@code Duration} (in TimecodeScale units) set to the last block's time. */
    private static byte[] withDuration(byte[] info, long lastBlockTime) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = (int) child(info, 0)[1];
        while (position < info.length) {
            long[] field = child(info, position);
            int total = (int) (field[1] + field[2]);
            if (field[0] != DURATION && field[0] != VOID) {
                body.write(info, position, total);
            }
            position += total;
        }
        body.writeBytes(Ebml.float64(DURATION, Math.max(1, lastBlockTime)));
        return Ebml.element(INFO, body.toByteArray());
    }

    private static void write(FileChannel in, Path target, byte[] ebml, byte[] info, byte[] tracks, List<byte[]> others,
            List<Cluster> clusters, long videoTrack) throws IOException {
        byte[] cuePoint = cuePoint(0, videoTrack, 0);
        long cuesCount = clusters.stream().filter(Cluster::videoKeyframe).count();
        if (cuesCount == 0) {
            cuesCount = clusters.size(); // audio only: every cluster is a seek point
        }
        long cuesSize = 4 + 8 + cuesCount * cuePoint.length;
        long seekHeadSize = seekHead(0, 0, 0).length;
        long infoAt = seekHeadSize;
        long tracksAt = infoAt + info.length;
        long cuesAt = tracksAt + tracks.length;
        long clustersAt = cuesAt + cuesSize + others.stream().mapToLong(o -> o.length).sum();
        boolean everyCluster = clusters.stream().noneMatch(Cluster::videoKeyframe);

        ByteArrayOutputStream cues = new ByteArrayOutputStream();
        long clusterPosition = clustersAt;
        for (Cluster cluster : clusters) {
            if (everyCluster || cluster.videoKeyframe()) {
                cues.writeBytes(cuePoint(cluster.timecode(), videoTrack, clusterPosition));
            }
            clusterPosition += 4 + 8 + (cluster.bodyEnd() - cluster.bodyStart());
        }
        long segmentSize = clusterPosition;
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes(ebml);
            Ebml.writeId(head, SEGMENT);
            Ebml.writeSize(head, segmentSize);
            head.writeBytes(seekHead(infoAt, tracksAt, cuesAt));
            head.writeBytes(info);
            head.writeBytes(tracks);
            head.writeBytes(Ebml.element(CUES, cues.toByteArray()));
            others.forEach(head::writeBytes);
            writeAll(out, head.toByteArray());
            for (Cluster cluster : clusters) {
                ByteArrayOutputStream clusterHeader = new ByteArrayOutputStream();
                Ebml.writeId(clusterHeader, CLUSTER);
                Ebml.writeSize(clusterHeader, cluster.bodyEnd() - cluster.bodyStart());
                writeAll(out, clusterHeader.toByteArray());
                long done = 0;
                long size = cluster.bodyEnd() - cluster.bodyStart();
                while (done < size) {
                    long sent = in.transferTo(cluster.bodyStart() + done, size - done, out);
                    if (sent <= 0) {
                        throw new IOException("Damaged WebM: unexpected end of file");
                    }
                    done += sent;
                }
            }
            out.force(true);
        }
    }

    private static byte[] seekHead(long infoAt, long tracksAt, long cuesAt) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(seek(INFO, infoAt));
        body.writeBytes(seek(TRACKS, tracksAt));
        body.writeBytes(seek(CUES, cuesAt));
        return Ebml.element(SEEK_HEAD, body.toByteArray());
    }

    private static byte[] seek(long id, long position) {
        ByteArrayOutputStream idBytes = new ByteArrayOutputStream();
        Ebml.writeId(idBytes, id);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(Ebml.element(SEEK_ID, idBytes.toByteArray()));
        body.writeBytes(Ebml.uint8(SEEK_POSITION, position));
        return Ebml.element(SEEK, body.toByteArray());
    }

    private static byte[] cuePoint(long time, long track, long clusterPosition) {
        ByteArrayOutputStream positions = new ByteArrayOutputStream();
        positions.writeBytes(Ebml.uint8(CUE_TRACK, track));
        positions.writeBytes(Ebml.uint8(CUE_CLUSTER_POSITION, clusterPosition));
        ByteArrayOutputStream point = new ByteArrayOutputStream();
        point.writeBytes(Ebml.uint8(CUE_TIME, time));
        point.writeBytes(Ebml.element(CUE_TRACK_POSITIONS, positions.toByteArray()));
        return Ebml.element(CUE_POINT, point.toByteArray());
    }

    private static void writeAll(FileChannel out, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
