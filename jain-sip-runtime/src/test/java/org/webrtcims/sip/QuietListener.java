package org.webrtcims.sip;

import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;

/** A listener of the tests that ignores everything; a test overrides what it looks at. */
class QuietListener implements StatelessDefaults {

    @Override
    public void processRequest(RequestEvent event) {
    }

    @Override
    public void processResponse(ResponseEvent event) {
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
    }
}
