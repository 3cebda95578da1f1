package org.webrtcims.cx;

import java.util.List;

/** MAA body (profile §5.2). */
public record MultimediaAuthAnswer(String impi, String impu, int numberAuthItems, List<AuthDataItem> authDataItems) {
}
