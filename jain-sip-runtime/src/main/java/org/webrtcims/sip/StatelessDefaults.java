package org.webrtcims.sip;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.SipListener;
import javax.sip.TransactionTerminatedEvent;

import org.slf4j.LoggerFactory;

/**
 * The callbacks a CSCF listener that keeps its state in transaction application data (and no dialogs) has nothing
 * to do in: an I/O error is logged at debug level (the transaction's own timeout reports the failure), ended
 * transactions and dialogs are ignored.
 */
public interface StatelessDefaults extends SipListener {

    @Override
    default void processIOException(IOExceptionEvent event) {
        LoggerFactory.getLogger(getClass()).debug("SIP I/O error toward {}:{}", event.getHost(), event.getPort());
    }

    @Override
    default void processTransactionTerminated(TransactionTerminatedEvent event) {
        // state lives in the transactions' application data
    }

    @Override
    default void processDialogTerminated(DialogTerminatedEvent event) {
        // no dialogs: proxies do not record-route, the registrar keeps none
    }
}
