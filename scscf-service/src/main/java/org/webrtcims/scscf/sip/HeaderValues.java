package org.webrtcims.scscf.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;

import javax.sip.header.Header;
import javax.sip.message.Message;

/** Header values as they appear on the wire (after "Name:"), for headers jain-sip would otherwise re-parse. */
final class HeaderValues {

    private HeaderValues() {
    }

    static String value(Header header) {
        String text = header.toString().trim();
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(colon + 1).trim();
    }

    static List<String> all(Message message, String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> headers = message.getHeaders(name);
        while (headers.hasNext()) {
            values.add(value((Header) headers.next()));
        }
        return values;
    }
}
