package org.webrtcims.webauthproxy.credential;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Per-item results of a batch sync, in request order, and their totals. */
public record BatchSyncResponse(List<Item> items, Summary summary) {

    /**
     * @param status the HTTP status a single {@code PUT} of this item would have got
     * @param result CREATED, UPDATED or UNCHANGED when accepted
     * @param cause  the problem cause when refused
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int index, String wwsfIdentity, String webIdentity, int status, String result, String cause,
                       String detail, Long credentialVersion) {
    }

    public record Summary(int received, int created, int updated, int unchanged, int rejected) {
    }
}
