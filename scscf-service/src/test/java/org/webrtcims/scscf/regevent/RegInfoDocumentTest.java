package org.webrtcims.scscf.regevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.webrtcims.scscf.registrar.Binding;

class RegInfoDocumentTest {

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fullStateDocumentIsWellFormedWithOneRegistrationPerImpuAndStableIds() throws Exception {
        String xml = RegInfoDocument.build(0, List.of(
                new RegInfoDocument.Registration("sip:alice@ims.example.net", true, List.of(
                        new RegInfoDocument.Contact("sip:c1@k3v9.invalid;transport=ws", true,
                                ContactEvent.REGISTERED, 600L))),
                new RegInfoDocument.Registration("tel:+15551230001", true, List.of(
                        new RegInfoDocument.Contact("sip:c1@k3v9.invalid;transport=ws", true,
                                ContactEvent.REGISTERED, 600L)))));
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("reginfo");
        assertThat(root.getNamespaceURI()).isEqualTo("urn:ietf:params:xml:ns:reginfo");
        assertThat(root.getAttribute("version")).isEqualTo("0");
        assertThat(root.getAttribute("state")).isEqualTo("full");
        NodeList registrations = root.getElementsByTagNameNS(RegInfoDocument.NAMESPACE, "registration");
        assertThat(registrations.getLength()).isEqualTo(2);
        Element first = (Element) registrations.item(0);
        assertThat(first.getAttribute("aor")).isEqualTo("sip:alice@ims.example.net");
        assertThat(first.getAttribute("state")).isEqualTo("active");
        assertThat(first.getAttribute("id")).matches("a[0-9a-f]{12}");
        Element contact = (Element) first.getElementsByTagNameNS(RegInfoDocument.NAMESPACE, "contact").item(0);
        assertThat(contact.getAttribute("state")).isEqualTo("active");
        assertThat(contact.getAttribute("event")).isEqualTo("registered");
        assertThat(contact.getAttribute("expires")).isEqualTo("600");
        assertThat(contact.getTextContent().trim()).isEqualTo("sip:c1@k3v9.invalid;transport=ws");
        // the same AOR and contact give the same ids in every NOTIFY
        assertThat(RegInfoDocument.build(7, List.of(new RegInfoDocument.Registration("sip:alice@ims.example.net",
                true, List.of()))).contains("id=\"" + first.getAttribute("id") + "\"")).isTrue();
        assertThat(((Element) registrations.item(1)).getAttribute("id")).isNotEqualTo(first.getAttribute("id"));
    }

    @Test
    void specialCharactersAreEscaped() throws Exception {
        String uri = "sip:a&b@x.invalid;p=\"<q>\";o='1'";
        String xml = RegInfoDocument.build(3, List.of(new RegInfoDocument.Registration("sip:\"odd\"&<aor>@x", false,
                List.of(new RegInfoDocument.Contact(uri + "\u0001", false, ContactEvent.REJECTED, 0L)))));
        assertThat(xml).doesNotContain("a&b").contains("a&amp;b").contains("&lt;q&gt;");
        Document doc = parse(xml);
        Element registration = (Element) doc.getElementsByTagNameNS(RegInfoDocument.NAMESPACE, "registration").item(0);
        assertThat(registration.getAttribute("aor")).isEqualTo("sip:\"odd\"&<aor>@x");
        assertThat(registration.getAttribute("state")).isEqualTo("terminated");
        assertThat(registration.getTextContent().trim()).isEqualTo(uri);
    }

    @Test
    void changeEventsAndTerminatedContactsAppearInTheBody() throws Exception {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        Subscription s = new Subscription(1, "tel:+15551230001", "call", "regev-1", "t", "<tel:+15551230001>",
                "<sip:ep.example.net>", "sip:ep.example.net", List.of(), "reg", "sip:ep.example.net", 4,
                now.plusSeconds(600));
        Binding kept = binding("sip:kept@x.invalid", now.plusSeconds(300));
        Binding gone = binding("sip:gone@x.invalid", now.minusSeconds(1));
        String xml = RegEventNotifier.body(s, List.of(kept), Map.of("sip:kept@x.invalid", ContactEvent.REFRESHED),
                List.of(new RegEventNotifier.Ended(gone, ContactEvent.EXPIRED)), now);
        Document doc = parse(xml);
        assertThat(doc.getDocumentElement().getAttribute("version")).isEqualTo("4");
        NodeList registrations = doc.getElementsByTagNameNS(RegInfoDocument.NAMESPACE, "registration");
        assertThat(registrations.getLength()).isEqualTo(2);
        assertThat(((Element) registrations.item(0)).getAttribute("aor")).isEqualTo("sip:alice@ims.example.net");
        NodeList contacts = ((Element) registrations.item(0)).getElementsByTagNameNS(RegInfoDocument.NAMESPACE,
                "contact");
        assertThat(contacts.getLength()).isEqualTo(2);
        assertThat(((Element) contacts.item(0)).getAttribute("event")).isEqualTo("refreshed");
        assertThat(((Element) contacts.item(0)).getAttribute("expires")).isEqualTo("300");
        assertThat(((Element) contacts.item(1)).getAttribute("state")).isEqualTo("terminated");
        assertThat(((Element) contacts.item(1)).getAttribute("event")).isEqualTo("expired");

        // nothing left: the registration is terminated
        String last = RegEventNotifier.body(s, List.of(), Map.of(),
                List.of(new RegEventNotifier.Ended(kept, ContactEvent.REJECTED)), now);
        Element registration = (Element) parse(last).getElementsByTagNameNS(RegInfoDocument.NAMESPACE,
                "registration").item(0);
        assertThat(registration.getAttribute("state")).isEqualTo("terminated");
        assertThat(last).contains("event=\"rejected\"");
    }

    private static Binding binding(String contact, Instant expires) {
        return new Binding("sip:alice@ims.example.net", "alice@idp.example.com", contact, "", null, null,
                List.of("<sip:ft-1@ep.example.net:5064;transport=tcp;lr;ob>"), "cid", 1, null,
                List.of("sip:alice@ims.example.net", "tel:+15551230001"), expires, "sip:scscf");
    }
}
