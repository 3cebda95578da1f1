package org.webrtcims.scscf.registrar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The response the registrar decided on: status, reason phrase and extra headers, in order. */
public record RegisterReply(int status, String reason, List<Map.Entry<String, String>> headers) {

    public RegisterReply {
        headers = List.copyOf(headers);
    }

    public static RegisterReply of(int status, String reason) {
        return new RegisterReply(status, reason, List.of());
    }

    public RegisterReply with(String header, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(header, value));
        return new RegisterReply(status, reason, more);
    }

    public List<String> values(String header) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(header)).map(Map.Entry::getValue).toList();
    }
}
