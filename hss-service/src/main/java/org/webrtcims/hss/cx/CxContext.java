package org.webrtcims.hss.cx;

import org.webrtcims.hss.mapping.MappingView;
import org.webrtcims.hss.registration.RegistrationView;
import org.webrtcims.hss.subscription.SubscriptionView;
import org.webrtcims.hss.wwsf.WwsfView;

/** Everything a UAR or MAR decision reads, loaded in one go; any part may be null when it does not exist. */
public record CxContext(MappingView mapping, SubscriptionView subscription, WwsfView wwsf,
                        RegistrationView registration) {
}
