package org.webrtcims.hss.mapping;

import java.util.List;

/** A page of mappings: {@code page} counts from 0. */
public record MappingPage(List<MappingView> items, int page, int size, long totalItems) {
}
