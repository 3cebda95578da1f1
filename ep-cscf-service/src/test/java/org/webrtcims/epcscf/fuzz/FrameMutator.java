package org.webrtcims.epcscf.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded mutation fuzzer for WebSocket frames toward the eP-CSCF (the same seed gives the same frames): well-formed
 * REGISTER, OPTIONS, INVITE, MESSAGE, ACK and a response as seeds, then one to three of byte flips, truncation, header
 * duplication and deletion, overflowing numbers in CSeq/Expires/Max-Forwards/Content-Length, invalid UTF-8, a random
 * method, a missing start line, bare LF line ends, an emptied header value, garbage; some frames go out as binary
 * (RFC 7118 §5.3 allows both). Plain Java: used by the build's fuzz test and by bench/fuzz.
 */
public final class FrameMutator {

    /** One frame to send: its payload, whether it goes out as a binary frame, and what was done to it. */
    public record Frame(byte[] payload, boolean binary, String mutations) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final String[] OVERFLOWS = {"99999999999999999999999", "2147483648", "4294967296", "-1",
            "9223372036854775808", "0x7fffffff", "1e9", "", "00000000000000000000000000001"};
    private static final String[] METHODS = {"REGISTER", "OPTIONS", "INVITE", "MESSAGE", "ACK", "BYE", "CANCEL",
            "SUBSCRIBE", "NOTIFY", "PRACK", "UPDATE", "REFER", "INFO", "PUBLISH", "FOO", "register", "R\u00e9GISTER",
            "", " ", "GET", "SIP/2.0"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0,
            (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0,
            (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}};

    private final SplittableRandom random;
    private final List<String> seeds;
    private long counter;

    /**
     * @param impu        the IMPU the seed requests use
     * @param webIdentity the web identity of the seed REGISTER's D1 header
     * @param wwsf        the WWSF of the seed REGISTER's D1 header
     */
    public FrameMutator(long seed, String impu, String webIdentity, String wwsf) {
        this.random = new SplittableRandom(seed);
        this.seeds = seeds(impu, webIdentity, wwsf);
    }

    public Frame next() {
        counter++;
        String seed = seeds.get(random.nextInt(seeds.size())).replace("@N@", Long.toString(counter));
        int count = 1 + random.nextInt(3);
        List<String> done = new ArrayList<>();
        byte[] bytes = null;
        String text = seed;
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(13);
            // text-level mutations first; once bytes exist (invalid UTF-8, flips), stay on bytes
            if (bytes == null && kind <= 7) {
                text = mutateText(text, kind, done);
            } else {
                if (bytes == null) {
                    bytes = text.getBytes(StandardCharsets.UTF_8);
                }
                bytes = mutateBytes(bytes, kind, done);
            }
        }
        byte[] payload = bytes != null ? bytes : text.getBytes(StandardCharsets.UTF_8);
        boolean binary = random.nextInt(8) == 0;
        if (binary) {
            done.add("binary");
        }
        return new Frame(payload, binary, String.join(",", done));
    }

    private String mutateText(String text, int kind, List<String> done) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r\n", -1)));
        int headerEnd = lines.indexOf("");
        if (headerEnd < 0) {
            headerEnd = lines.size();
        }
        switch (kind) {
            case 0 -> { // duplicate a header
                if (headerEnd > 1) {
                    int at = 1 + random.nextInt(headerEnd - 1);
                    lines.add(at, lines.get(at));
                    done.add("dup-header");
                }
            }
            case 1 -> { // delete a header
                if (headerEnd > 1) {
                    lines.remove(1 + random.nextInt(headerEnd - 1));
                    done.add("del-header");
                }
            }
            case 2 -> { // overflowing or odd numbers
                String[] names = {"CSeq:", "Expires:", "Max-Forwards:", "Content-Length:"};
                String name = names[random.nextInt(names.length)];
                String value = OVERFLOWS[random.nextInt(OVERFLOWS.length)];
                for (int i = 1; i < headerEnd; i++) {
                    if (lines.get(i).startsWith(name)) {
                        lines.set(i, name.equals("CSeq:") ? lines.get(i).replaceFirst("CSeq: \\d+", "CSeq: " + value)
                                : name + " " + value);
                        done.add("overflow-" + name.substring(0, name.length() - 1));
                        break;
                    }
                }
                if (name.equals("Expires:") && random.nextBoolean()) {
                    for (int i = 1; i < headerEnd; i++) {
                        lines.set(i, lines.get(i).replaceFirst("expires=\\d+", "expires=" + value));
                    }
                }
            }
            case 3 -> { // a random method in the start line and/or CSeq
                String method = METHODS[random.nextInt(METHODS.length)];
                if (random.nextBoolean() && lines.get(0).contains(" sip:")) {
                    lines.set(0, method + lines.get(0).substring(lines.get(0).indexOf(' ')));
                } else {
                    for (int i = 1; i < headerEnd; i++) {
                        lines.set(i, lines.get(i).replaceFirst("^CSeq: (\\S+) .*$", "CSeq: $1 " + method));
                    }
                }
                done.add("method");
            }
            case 4 -> { // missing start line
                lines.remove(0);
                done.add("no-start-line");
            }
            case 5 -> { // truncation
                String joined = String.join("\r\n", lines);
                done.add("truncate");
                return joined.substring(0, random.nextInt(Math.max(1, joined.length())));
            }
            case 6 -> { // an emptied or garbled header value
                if (headerEnd > 1) {
                    int at = 1 + random.nextInt(headerEnd - 1);
                    String line = lines.get(at);
                    int colon = Math.max(0, line.indexOf(':'));
                    String[] junk = {"", "<", ">", ";;;", "\"", "<sip:>", "sip:@", "\t", "%00", "a".repeat(300)};
                    lines.set(at, line.substring(0, colon + 1) + " " + junk[random.nextInt(junk.length)]);
                    done.add("garble-value");
                }
            }
            default -> { // bare LF, or leading CRLFs, or folded lines
                String joined = String.join("\r\n", lines);
                int variant = random.nextInt(3);
                done.add("line-ends-" + variant);
                return variant == 0 ? joined.replace("\r\n", "\n") : variant == 1 ? "\r\n\r\n" + joined
                        : joined.replace("\r\nTo:", "\r\n To:");
            }
        }
        return String.join("\r\n", lines);
    }

    private byte[] mutateBytes(byte[] bytes, int kind, List<String> done) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        switch (kind) {
            case 8, 9 -> { // byte flips
                byte[] copy = bytes.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(copy.length);
                    copy[at] = random.nextBoolean() ? (byte) (copy[at] ^ (1 << random.nextInt(8)))
                            : (byte) random.nextInt(0x20, 0x7f);
                }
                done.add("flip");
                return copy;
            }
            case 10 -> { // invalid UTF-8 somewhere
                byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
                int at = random.nextInt(bytes.length + 1);
                byte[] copy = new byte[bytes.length + bad.length];
                System.arraycopy(bytes, 0, copy, 0, at);
                System.arraycopy(bad, 0, copy, at, bad.length);
                System.arraycopy(bytes, at, copy, at + bad.length, bytes.length - at);
                done.add("bad-utf8");
                return copy;
            }
            case 11 -> { // random bytes
                byte[] junk = new byte[random.nextInt(1, 200)];
                for (int i = 0; i < junk.length; i++) {
                    junk[i] = (byte) random.nextInt(256);
                }
                done.add("random-bytes");
                return junk;
            }
            default -> { // truncate bytes (may cut a multi-byte sequence)
                done.add("truncate-bytes");
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
        }
    }

    private static List<String> seeds(String impu, String webIdentity, String wwsf) {
        String via = "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKfz@N@";
        String register = "REGISTER sip:ims.example.net SIP/2.0\r\n" + via + "\r\nMax-Forwards: 69\r\n"
                + "To: <" + impu + ">\r\nFrom: <" + impu + ">;tag=fz@N@\r\nCall-ID: fuzz-@N@\r\n"
                + "CSeq: 1 REGISTER\r\nWebRTC-Web-Identity: \"" + webIdentity + "\";wwsf=\"" + wwsf + "\"\r\n"
                + "Contact: <sip:fz@N@@df7jal23ls0d.invalid;transport=ws>;+sip.ice;reg-id=1;"
                + "+sip.instance=\"<urn:uuid:00000000-0000-4000-8000-000000000001>\";expires=600\r\n"
                + "Expires: 600\r\nSupported: path,gruu,outbound\r\nUser-Agent: fuzz\r\nContent-Length: 0\r\n\r\n";
        String sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
        String invite = "INVITE sip:bob@ims.example.net SIP/2.0\r\n" + via + "\r\nMax-Forwards: 70\r\n"
                + "To: <sip:bob@ims.example.net>\r\nFrom: <" + impu + ">;tag=fz@N@\r\nCall-ID: fuzz-@N@\r\n"
                + "CSeq: 1 INVITE\r\nContact: <sip:fz@df7jal23ls0d.invalid;transport=ws;ob>\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        String options = "OPTIONS sip:ims.example.net SIP/2.0\r\n" + via + "\r\nMax-Forwards: 70\r\n"
                + "To: <sip:ims.example.net>\r\nFrom: <" + impu + ">;tag=fz@N@\r\nCall-ID: fuzz-@N@\r\n"
                + "CSeq: 7 OPTIONS\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n";
        String message = "MESSAGE sip:bob@ims.example.net SIP/2.0\r\n" + via + "\r\nMax-Forwards: 70\r\n"
                + "To: <sip:bob@ims.example.net>\r\nFrom: <" + impu + ">;tag=fz@N@\r\nCall-ID: fuzz-@N@\r\n"
                + "CSeq: 2 MESSAGE\r\nContent-Type: text/plain;charset=utf-8\r\nContent-Length: 6\r\n\r\nh\u00e9llo";
        String ack = "ACK sip:bob@ims.example.net SIP/2.0\r\n" + via + "\r\nMax-Forwards: 70\r\n"
                + "To: <sip:bob@ims.example.net>;tag=b1\r\nFrom: <" + impu + ">;tag=fz@N@\r\nCall-ID: fuzz-@N@\r\n"
                + "CSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
        String response = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:5064;branch=z9hG4bKcore@N@\r\n"
                + "To: <" + impu + ">;tag=w1\r\nFrom: <sip:bob@ims.example.net>;tag=c1\r\nCall-ID: core-@N@\r\n"
                + "CSeq: 1 MESSAGE\r\nContent-Length: 0\r\n\r\n";
        // REGISTER weighs most: it is the request the edge forwards (profile step 1)
        return List.of(register, register, register, invite, options, message, ack, response);
    }
}
