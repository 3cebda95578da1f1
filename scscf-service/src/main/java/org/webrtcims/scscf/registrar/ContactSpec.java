package org.webrtcims.scscf.registrar;

/**
 * One Contact of a REGISTER.
 *
 * @param expires the contact's {@code expires} parameter, or null
 * @param params  the other parameters as received, {@code ;}-separated without a leading one
 */
public record ContactSpec(String uri, Integer expires, String instanceId, Integer regId, String params) {
}
