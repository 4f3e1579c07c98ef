package org.p2pstack.ipfs.internal.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Noise transport phase as a byte stream: writes are buffered into frames of at most
 * {@link #MAX_PLAINTEXT} bytes, each sent as {@code uint16 length || ChaChaPoly ciphertext}; a frame that
 * fails authentication ends the connection.
 */
public final class SecureChannel {

    public static final int MAX_PLAINTEXT = NoiseHandshake.MAX_MESSAGE - NoiseCipher.TAG_LENGTH;

    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final NoiseCipher sendCipher;
    private final NoiseCipher recvCipher;
    private final In in = new In();
    private final Out out = new Out();

    SecureChannel(InputStream rawIn, OutputStream rawOut, NoiseCipher send, NoiseCipher recv) {
        this.rawIn = rawIn;
        this.rawOut = rawOut;
        this.sendCipher = send;
        this.recvCipher = recv;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    private final class In extends InputStream {
        /** One frame, decrypted in place: its plaintext is {@code frame[pos, end)}. */
        private final byte[] frame = new byte[NoiseHandshake.MAX_MESSAGE];
        private int pos;
        private int end;

        private boolean fill() throws IOException {
            while (pos >= end) {
                int hi = rawIn.read();
                if (hi < 0) {
                    return false;
                }
                int lo = rawIn.read();
                if (lo < 0) {
                    throw new EOFException("truncated noise frame");
                }
                int len = (hi << 8) | lo;
                int n = rawIn.readNBytes(frame, 0, len);
                if (n != len) {
                    throw new EOFException("truncated noise frame");
                }
                end = recvCipher.decryptInPlace(frame, 0, len);
                pos = 0;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? frame[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(frame, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return end - pos;
        }

        @Override
        public void close() throws IOException {
            rawIn.close();
        }
    }

    private final class Out extends OutputStream {
        private final byte[] buf = new byte[MAX_PLAINTEXT];
        private int len;
        /** Length prefix and sealed frame, written to the socket in one call. */
        private final byte[] sealed = new byte[2 + NoiseHandshake.MAX_MESSAGE];

        @Override
        public synchronized void write(int b) throws IOException {
            if (len == buf.length) {
                sendFrame();
            }
            buf[len++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int n) throws IOException {
            while (n > 0) {
                if (len == buf.length) {
                    sendFrame();
                }
                if (len == 0 && n >= buf.length) {
                    sendFrame(b, off, buf.length); // a whole frame: sealed straight from the caller's bytes
                    off += buf.length;
                    n -= buf.length;
                    continue;
                }
                int c = Math.min(n, buf.length - len);
                System.arraycopy(b, off, buf, len, c);
                len += c;
                off += c;
                n -= c;
            }
        }

        private void sendFrame() throws IOException {
            if (len == 0) {
                return;
            }
            sendFrame(buf, 0, len);
            len = 0;
        }

        private void sendFrame(byte[] plain, int off, int length) throws IOException {
            int n = sendCipher.encrypt(plain, off, length, sealed, 2);
            sealed[0] = (byte) (n >>> 8);
            sealed[1] = (byte) n;
            rawOut.write(sealed, 0, 2 + n);
        }

        @Override
        public synchronized void flush() throws IOException {
            sendFrame();
            rawOut.flush();
        }

        @Override
        public void close() throws IOException {
            rawOut.close();
        }
    }
}
