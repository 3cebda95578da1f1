package org.webrtcims.epcscf.routing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * An {@code application/reginfo+xml} document (RFC 3680 §5.3), read as far as the eP-CSCF needs it (profile §7.4):
 * each registration's AOR and state, each contact's URI, state and event. The parser refuses DTDs and external
 * entities (the body comes from the network). Pure.
 */
public final class RegInfo {

    public static final String CONTENT_TYPE = "application/reginfo+xml";

    /** A {@code <contact>}: its {@code <uri>}, {@code state} (active/terminated) and {@code event}. */
    public record Contact(String uri, String state, String event) {
        public boolean terminated() {
            return "terminated".equalsIgnoreCase(state);
        }
    }

    /** A {@code <registration>}: {@code aor}, {@code state} (init/active/terminated) and its contacts. */
    public record Registration(String aor, String state, List<Contact> contacts) {
        public Registration {
            contacts = List.copyOf(contacts);
        }

        public boolean terminated() {
            return "terminated".equalsIgnoreCase(state);
        }
    }

    private final String state;
    private final long version;
    private final List<Registration> registrations;

    private RegInfo(String state, long version, List<Registration> registrations) {
        this.state = state;
        this.version = version;
        this.registrations = List.copyOf(registrations);
    }

    public String state() {
        return state;
    }

    public long version() {
        return version;
    }

    public List<Registration> registrations() {
        return registrations;
    }

    /** The AORs whose registration is terminated. */
    public List<String> terminatedAors() {
        return registrations.stream().filter(Registration::terminated).map(Registration::aor).toList();
    }

    /** {@code Subscription-State: terminated…} (RFC 6665 §8.2.3). */
    public static boolean subscriptionTerminated(String subscriptionState) {
        return subscriptionState != null && subscriptionState.trim().toLowerCase(java.util.Locale.ROOT)
                .startsWith("terminated");
    }

    /**
     * A terminated subscription whose reason says the identity is gone (RFC 6665 §4.1.3: {@code deactivated},
     * {@code rejected}, {@code noresource}; RFC 3680 network de-registration): the eP-CSCF stops asserting it. Other
     * reasons ({@code timeout}, {@code probation}, {@code giveup}) only end the subscription.
     */
    public static boolean unbindsOnTermination(String subscriptionState) {
        if (!subscriptionTerminated(subscriptionState)) {
            return false;
        }
        for (String parameter : subscriptionState.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("reason")) {
                String reason = pair[1].trim().toLowerCase(java.util.Locale.ROOT);
                return reason.equals("deactivated") || reason.equals("rejected") || reason.equals("noresource");
            }
        }
        return false;
    }

    /** Parses the body; empty when it is no reginfo document (malformed XML, other root, a DTD). */
    public static Optional<RegInfo> parse(String xml) {
        if (xml == null || xml.isBlank()) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Element root = document.getDocumentElement();
            if (!"reginfo".equals(localName(root))) {
                return Optional.empty();
            }
            List<Registration> registrations = new ArrayList<>();
            for (Element registration : children(root, "registration")) {
                List<Contact> contacts = new ArrayList<>();
                for (Element contact : children(registration, "contact")) {
                    List<Element> uris = children(contact, "uri");
                    String uri = uris.isEmpty() ? "" : uris.get(0).getTextContent().trim();
                    contacts.add(new Contact(uri, contact.getAttribute("state"), contact.getAttribute("event")));
                }
                registrations.add(new Registration(registration.getAttribute("aor").trim(),
                        registration.getAttribute("state"), contacts));
            }
            long version;
            try {
                version = Long.parseLong(root.getAttribute("version").trim());
            } catch (NumberFormatException e) {
                version = -1;
            }
            return Optional.of(new RegInfo(root.getAttribute("state"), version, registrations));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && name.equals(localName(element))) {
                found.add(element);
            }
        }
        return found;
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }
}
