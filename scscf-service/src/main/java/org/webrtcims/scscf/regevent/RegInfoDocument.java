package org.webrtcims.scscf.regevent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The body of a reg event NOTIFY: {@code application/reginfo+xml} (RFC 3680 §5, profile §7.4). Pure: no SIP, no
 * database. Always a full-state document ({@code state="full"}); {@code version} counts the NOTIFYs of one
 * subscription, 0 for the first.
 *
 * <p>Ids are derived from the AOR and contact URI (a short SHA-256 prefix), so they stay the same across NOTIFYs,
 * S-CSCF instances and restarts, as RFC 3680 §5 asks.
 */
public final class RegInfoDocument {

    public static final String CONTENT_TYPE = "application";
    public static final String CONTENT_SUBTYPE = "reginfo+xml";
    public static final String MEDIA_TYPE = CONTENT_TYPE + "/" + CONTENT_SUBTYPE;
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:reginfo";

    /** One {@code <registration>}: an IMPU of the implicit set. */
    public record Registration(String aor, boolean active, List<Contact> contacts) {
        public Registration {
            contacts = List.copyOf(contacts);
        }
    }

    /**
     * One {@code <contact>}.
     *
     * @param expires seconds left (active), or null to leave the attribute out
     */
    public record Contact(String uri, boolean active, ContactEvent event, Long expires) {
    }

    private RegInfoDocument() {
    }

    public static String build(long version, List<Registration> registrations) {
        StringBuilder xml = new StringBuilder(256 + 256 * registrations.size());
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<reginfo xmlns=\"").append(NAMESPACE).append("\" version=\"").append(version)
                .append("\" state=\"full\">\n");
        for (Registration registration : registrations) {
            xml.append("  <registration aor=\"").append(escape(registration.aor())).append("\" id=\"")
                    .append(id("a", registration.aor())).append("\" state=\"")
                    .append(registration.active() ? "active" : "terminated").append("\">\n");
            for (Contact contact : registration.contacts()) {
                xml.append("    <contact id=\"").append(id("c", registration.aor() + "\n" + contact.uri()))
                        .append("\" state=\"").append(contact.active() ? "active" : "terminated")
                        .append("\" event=\"").append(contact.event().token()).append('"');
                if (contact.expires() != null) {
                    xml.append(" expires=\"").append(Math.max(0, contact.expires())).append('"');
                }
                xml.append(">\n      <uri>").append(escape(contact.uri())).append("</uri>\n    </contact>\n");
            }
            xml.append("  </registration>\n");
        }
        xml.append("</reginfo>\n");
        return xml.toString();
    }

    /** An XML id (NCName: starts with a letter) stable for the same input. */
    static String id(String prefix, String of) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(of.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Character data and attribute values: the five XML specials, and control characters XML 1.0 forbids dropped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
