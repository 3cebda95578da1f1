package org.webrtcims.scscf.routing;

import org.webrtcims.scscf.registrar.Binding;

/**
 * Told when the session router removed a binding because its flow failed (a branch answered 430, RFC 5626 §7),
 * e.g. to NOTIFY reg event subscribers (contact {@code event="deactivated"}, and registration
 * {@code state="terminated"} when it was the IMPU's last binding here). Every Spring bean of this type is called,
 * on a database scheduler thread (it may block briefly, not wait for the network).
 */
public interface FlowFailureHook {

    void bindingRemoved(Binding binding, boolean lastBinding);
}
