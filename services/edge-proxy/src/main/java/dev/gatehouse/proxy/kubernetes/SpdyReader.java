package dev.gatehouse.proxy.kubernetes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads one direction of a SPDY/3.1 session as it passes, chunk by chunk in whatever pieces the transport
 * cut it (draft-mbelshe-httpbis-spdy-00 §2, as moby/spdystream speaks it: kubectl's port-forward tunnels it in
 * WebSocket messages since 1.31). Nothing is rewritten: the reader only tells {@link Frames} what each frame
 * says. A data frame's payload is handed on as it arrives, never buffered whole; a control frame is buffered up
 * to {@link #MAX_CONTROL} bytes and its header block inflated up to {@link #MAX_HEADERS}. Anything else than
 * well-formed SPDY/3 (another version, an unknown or removed frame type, a frame shorter than its fields, a
 * header block that does not inflate with the SPDY dictionary or lists too much) is a {@link Malformed}: the
 * reader has then lost its place and the stream must end.
 */
final class SpdyReader {

    static final int MAX_CONTROL = 64 * 1024;
    static final int MAX_HEADERS = 16 * 1024;
    static final int MAX_HEADER_PAIRS = 64;
    static final int FLAG_FIN = 0x01;
    static final int SYN_STREAM = 1;
    static final int SYN_REPLY = 2;
    static final int RST_STREAM = 3;
    static final int SETTINGS = 4;
    static final int PING = 6;
    static final int GOAWAY = 7;
    static final int HEADERS = 8;
    static final int WINDOW_UPDATE = 9;
    private static final int HEAD = 8;

    /** What the frames of one direction say. */
    interface Frames {

        /** SYN_STREAM: a stream opened with these headers (names lower-cased, values as sent). */
        void opened(int stream, Map<String, String> headers, boolean fin);

        /** A piece of a data frame's payload, as it arrived. */
        void data(int stream, byte[] bytes, int offset, int length);

        /** The sender will send no more on {@code stream} (FIN on a data, SYN or reply frame). */
        void finished(int stream);

        /** RST_STREAM: the stream ended abruptly, either way. */
        void reset(int stream);

        /** GOAWAY: no new streams from this sender. */
        default void goingAway() {
        }

        /** PING with its id: the peer waits for the same frame back. */
        default void ping(int id) {
        }
    }

    /** The stream has stopped being SPDY/3 the reader can follow: a protocol error (1002) for the WebSocket it rides in. */
    static final class Malformed extends StreamRecording.Unreadable {
        Malformed(String message) {
            super(1002, "SPDY: " + message);
        }
    }

    private final Frames frames;
    private final Inflater inflater = new Inflater();
    private final byte[] head = new byte[HEAD];
    private int headFill;
    private byte[] control;
    private int controlFill;
    private int dataStream;
    private long dataLeft;
    private boolean dataFin;
    private boolean inData;

    SpdyReader(Frames frames) {
        this.frames = frames;
    }

    /** The next bytes of this direction. */
    void read(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (inData) {
                int take = (int) Math.min(dataLeft, end - at);
                if (take > 0) {
                    frames.data(dataStream, bytes, at, take);
                }
                at += take;
                dataLeft -= take;
                if (dataLeft == 0) {
                    endData();
                }
            } else if (control != null) {
                int take = Math.min(control.length - controlFill, end - at);
                System.arraycopy(bytes, at, control, controlFill, take);
                controlFill += take;
                at += take;
                if (controlFill == control.length) {
                    byte[] frame = control;
                    control = null;
                    control(frame);
                }
            } else {
                int take = Math.min(HEAD - headFill, end - at);
                System.arraycopy(bytes, at, head, headFill, take);
                headFill += take;
                at += take;
                if (headFill == HEAD) {
                    headFill = 0;
                    begin();
                }
            }
        }
    }

    /** Whether the bytes so far ended on a frame boundary. */
    boolean atBoundary() {
        return !inData && control == null && headFill == 0;
    }

    private void begin() {
        int flags = head[4] & 0xff;
        int length = ((head[5] & 0xff) << 16) | ((head[6] & 0xff) << 8) | (head[7] & 0xff);
        if ((head[0] & 0x80) == 0) {
            dataStream = int31(head, 0);
            if (dataStream == 0) {
                throw new Malformed("a data frame on stream 0");
            }
            dataFin = (flags & FLAG_FIN) != 0;
            dataLeft = length;
            inData = true;
            if (length == 0) {
                endData();
            }
            return;
        }
        int version = ((head[0] & 0x7f) << 8) | (head[1] & 0xff);
        if (version != 3) {
            throw new Malformed("SPDY version " + version + ", not 3");
        }
        if (length > MAX_CONTROL) {
            throw new Malformed("a control frame of " + length + " bytes (at most " + MAX_CONTROL + ")");
        }
        control = new byte[length + 4];
        control[0] = head[2]; // the type
        control[1] = head[3];
        control[2] = (byte) flags;
        controlFill = 4;
        if (controlFill == control.length) {
            byte[] frame = control;
            control = null;
            control(frame);
        }
    }

    private void endData() {
        inData = false;
        if (dataFin) {
            frames.finished(dataStream);
        }
    }

    /** {@code frame}: type (2 bytes), flags (1), a spare byte, then the payload. */
    private void control(byte[] frame) {
        int type = ((frame[0] & 0xff) << 8) | (frame[1] & 0xff);
        boolean fin = (frame[2] & FLAG_FIN) != 0;
        int payload = frame.length - 4;
        switch (type) {
            case SYN_STREAM -> {
                need(payload, 10, "SYN_STREAM");
                int stream = streamId(frame, 4, "SYN_STREAM");
                frames.opened(stream, headers(frame, 14), fin);
                if (fin) {
                    frames.finished(stream);
                }
            }
            case SYN_REPLY, HEADERS -> {
                String kind = type == SYN_REPLY ? "SYN_REPLY" : "HEADERS";
                need(payload, 4, kind);
                int stream = streamId(frame, 4, kind);
                headers(frame, 8);
                if (fin) {
                    frames.finished(stream);
                }
            }
            case RST_STREAM -> {
                need(payload, 8, "RST_STREAM");
                frames.reset(streamId(frame, 4, "RST_STREAM"));
            }
            case SETTINGS -> {
                need(payload, 4, "SETTINGS");
                long entries = ((frame[4] & 0xffL) << 24) | int31(frame, 4) & 0xffffffL;
                if (entries * 8 + 4 != payload) {
                    throw new Malformed("SETTINGS with " + entries + " entries in " + payload + " bytes");
                }
            }
            case PING -> {
                need(payload, 4, "PING");
                frames.ping(((frame[4] & 0xff) << 24) | ((frame[5] & 0xff) << 16) | ((frame[6] & 0xff) << 8) | (frame[7] & 0xff));
            }
            case GOAWAY -> {
                need(payload, 8, "GOAWAY");
                frames.goingAway();
            }
            case WINDOW_UPDATE -> need(payload, 8, "WINDOW_UPDATE");
            default -> throw new Malformed("control frame type " + type);
        }
    }

    private static void need(int payload, int fields, String frame) {
        if (payload < fields) {
            throw new Malformed(frame + " of " + payload + " bytes");
        }
    }

    private static int streamId(byte[] frame, int at, String kind) {
        int stream = int31(frame, at);
        if (stream == 0) {
            throw new Malformed(kind + " on stream 0");
        }
        return stream;
    }

    /**
     * The header block at {@code at}: one zlib stream per direction, each block flushed, the SPDY/3 dictionary
     * preset. A count, then length-prefixed names and values; a value's NUL-separated parts are kept joined by a comma.
     */
    private Map<String, String> headers(byte[] frame, int at) {
        byte[] block = inflate(frame, at, frame.length - at);
        if (block.length == 0) {
            return Map.of();
        }
        Cursor cursor = new Cursor(block);
        int pairs = cursor.length("header count");
        if (pairs > MAX_HEADER_PAIRS) {
            throw new Malformed(pairs + " headers (at most " + MAX_HEADER_PAIRS + ")");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < pairs; i++) {
            String name = cursor.text("header name").toLowerCase(Locale.ROOT);
            String value = cursor.text("header value").replace('\0', ',');
            if (name.isEmpty() || headers.putIfAbsent(name, value) != null) {
                throw new Malformed(name.isEmpty() ? "an empty header name" : "header " + name + " twice");
            }
        }
        if (cursor.at != block.length) {
            throw new Malformed((block.length - cursor.at) + " bytes after the headers");
        }
        return headers;
    }

    private byte[] inflate(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return new byte[0];
        }
        inflater.setInput(bytes, offset, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            while (true) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsDictionary()) {
                    inflater.setDictionary(SpdyDictionary.bytes());
                    continue;
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_HEADERS) {
                    throw new Malformed("a header block of more than " + MAX_HEADERS + " bytes");
                }
                if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                    break;
                }
            }
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new Malformed("a header block that does not inflate");
        }
        if (inflater.finished() || inflater.getRemaining() > 0) {
            throw new Malformed("a header block that ends the compressed stream");
        }
        return out.toByteArray();
    }

    private static int int31(byte[] bytes, int at) {
        return ((bytes[at] & 0x7f) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }

    /** Length-prefixed fields of an inflated header block. */
    private static final class Cursor {
        private final byte[] block;
        private int at;

        Cursor(byte[] block) {
            this.block = block;
        }

        int length(String field) {
            if (block.length - at < 4 || (block[at] & 0x80) != 0) {
                throw new Malformed("a header block cut in its " + field);
            }
            int value = int31(block, at);
            at += 4;
            return value;
        }

        String text(String field) {
            int length = length(field);
            if (length > block.length - at) {
                throw new Malformed("a " + field + " longer than its block");
            }
            String text = new String(block, at, length, StandardCharsets.UTF_8);
            at += length;
            return text;
        }
    }
}
