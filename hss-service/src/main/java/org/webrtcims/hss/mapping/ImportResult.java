package org.webrtcims.hss.mapping;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Per-item results of a mapping import, in request order, and their totals. */
public record ImportResult(List<Item> items, int created, int rejected) {

    /** @param status the status a single POST of this item would have got */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, int status, Long id, String cause, String detail) {
    }
}
