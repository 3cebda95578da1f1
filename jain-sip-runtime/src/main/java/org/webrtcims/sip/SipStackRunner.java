package org.webrtcims.sip;

import java.util.Properties;
import java.util.TooManyListenersException;

import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One jain-sip-ri stack with a provider listening on every configured transport. Message processing runs on
 * the stack's own threads; the listener must hand slow work (HSS calls, database) elsewhere.
 */
public final class SipStackRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SipStackRunner.class);

    private final SipStack stack;
    private final SipProvider provider;
    private final SipFactory factory;
    private final HeaderFactory headerFactory;
    private final MessageFactory messageFactory;
    private final AddressFactory addressFactory;
    private final SipStackSettings settings;

    private SipStackRunner(SipStackSettings settings, SipStack stack, SipProvider provider, SipFactory factory)
            throws PeerUnavailableException {
        this.settings = settings;
        this.stack = stack;
        this.provider = provider;
        this.factory = factory;
        this.headerFactory = factory.createHeaderFactory();
        this.messageFactory = factory.createMessageFactory();
        this.addressFactory = factory.createAddressFactory();
    }

    public static SipStackRunner start(SipStackSettings settings, SipListener listener) {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", settings.name());
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(settings.threads()));
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(settings.maxMessageSize()));
        properties.setProperty("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.CACHE_SERVER_CONNECTIONS", "true");
        properties.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        // TCP_NODELAY on every SIP connection, accepted or opened (jain-sip's default network layer sets none).
        // jain-sip's blocking message processors stay: its NIO ones (MESSAGE_PROCESSOR_FACTORY=
        // NioMessageProcessorFactory) open their SocketChannels past the network layer, so without TCP_NODELAY
        properties.setProperty("gov.nist.javax.sip.NETWORK_LAYER", NoDelayNetworkLayer.class.getName());
        // no jain-sip TLS (see NoTlsSecurityManagerProvider); naming both avoids four start-up warnings
        properties.setProperty("gov.nist.javax.sip.SECURITY_MANAGER_PROVIDER",
                NoTlsSecurityManagerProvider.class.getName());
        properties.setProperty("gov.nist.javax.sip.TLS_SECURITY_POLICY",
                "gov.nist.javax.sip.stack.DefaultTlsSecurityPolicy");
        try {
            SipFactory factory = SipFactory.getInstance();
            factory.setPathName("gov.nist");
            SipStack stack = factory.createSipStack(properties);
            SipProvider provider = null;
            for (String transport : settings.transports()) {
                ListeningPoint point = stack.createListeningPoint(settings.host(), settings.port(), transport);
                if (provider == null) {
                    provider = stack.createSipProvider(point);
                } else {
                    provider.addListeningPoint(point);
                }
            }
            provider.addSipListener(listener);
            stack.start();
            log.info("SIP stack {} listening on {}:{} {}", settings.name(), settings.host(), settings.port(),
                    settings.transports());
            return new SipStackRunner(settings, stack, provider, factory);
        } catch (javax.sip.SipException | javax.sip.InvalidArgumentException | TooManyListenersException e) {
            throw new IllegalStateException("Cannot start SIP stack " + settings.name() + " on " + settings.host()
                    + ":" + settings.port(), e);
        }
    }

    public SipProvider provider() {
        return provider;
    }

    public HeaderFactory headers() {
        return headerFactory;
    }

    public MessageFactory messages() {
        return messageFactory;
    }

    public AddressFactory addresses() {
        return addressFactory;
    }

    public SipStackSettings settings() {
        return settings;
    }

    /** The stack's socket factory (tests: TCP_NODELAY). */
    gov.nist.core.net.NetworkLayer networkLayer() {
        return ((gov.nist.javax.sip.SipStackImpl) stack).getNetworkLayer();
    }

    public ListeningPoint listeningPoint(String transport) {
        return provider.getListeningPoint(transport);
    }

    @Override
    public void close() {
        try {
            for (ListeningPoint point : provider.getListeningPoints()) {
                try {
                    provider.removeListeningPoint(point);
                    stack.deleteListeningPoint(point);
                } catch (ObjectInUseException e) {
                    log.debug("listening point still in use", e);
                } catch (RuntimeException e) {
                    // jain-sip-ri: stopping a UDP listening point whose reader thread has not run yet throws an NPE
                    // (UDPMessageProcessor.messageChannels is set by that thread); stack.stop() below still ends it
                    log.debug("listening point not removed cleanly: {}", e.toString());
                }
            }
            stack.deleteSipProvider(provider);
        } catch (ObjectInUseException e) {
            log.debug("provider still in use", e);
        } finally {
            stack.stop();
        }
    }
}
