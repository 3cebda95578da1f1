package org.webrtcims.cx.client;

import java.net.URI;
import java.net.URLEncoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.webrtcims.cx.CxCause;
import org.webrtcims.cx.CxPaths;
import org.webrtcims.cx.LocationInfoAnswer;
import org.webrtcims.cx.MultimediaAuthAnswer;
import org.webrtcims.cx.MultimediaAuthRequest;
import org.webrtcims.cx.ServerAssignmentAnswer;
import org.webrtcims.cx.ServerAssignmentRequest;
import org.webrtcims.cx.UserAuthorizationAnswer;
import org.webrtcims.cx.UserAuthorizationRequest;
import org.webrtcims.cx.WebServerFunctions;

import io.netty.channel.ChannelOption;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * UAR, MAR, SAR and LIR toward the HSS (profile §5.2) over a non-blocking WebClient: nothing here blocks the
 * calling thread, so SIP stack threads can start a request and return. Identities are percent-encoded
 * entirely ({@code :}, {@code @}, {@code ;} and {@code +} included).
 * <p>
 * Hot-path costs (issue 12): the client runs on the event loops of the service's own web server (the
 * {@link LoopResources} given to the constructor) instead of a second set of loops, so an answer is handled on a
 * thread that already exists and is warm; and each phase of a call has exactly one time limit, all enforced by
 * Netty on that event loop: connect ({@code connectTimeout}), waiting for a pooled connection and reading the
 * answer ({@code responseTimeout}). There is no second, Reactor-level timer per call.
 */
public final class HssCxClient {

    /**
     * Largest answer read into memory: the WWSF list is ~106 bytes per WWSF, so 16 MiB holds ~150,000 WWSFs
     * (WebClient's default of 256 KiB failed at ~2,500).
     */
    static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    /** Most connections kept open to the HSS; requests beyond them wait up to {@code responseTimeout}. */
    static final int MAX_CONNECTIONS = 64;

    private final HssConnection connection;
    private final Supplier<LoopResources> loops;
    private final ConnectionProvider pool;
    private final String baseUrl;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile WebClient client;

    /** A client with Reactor Netty's global loops (tools and tests); services use the other constructor. */
    public HssCxClient(HssConnection connection) {
        this(connection, () -> null);
    }

    /**
     * @param loops the event loops of the calling service's web server, e.g. Spring's
     *              {@code ReactorResourceFactory::getLoopResources}. Asked at the first call (the factory creates its
     *              loops when the application starts, after this client is built); while it gives null, calls run on
     *              Reactor Netty's global loops.
     */
    public HssCxClient(HssConnection connection, Supplier<LoopResources> loops) {
        this.connection = connection;
        this.loops = loops;
        this.pool = ConnectionProvider.builder("hss-cx")
                .maxConnections(MAX_CONNECTIONS)
                .pendingAcquireTimeout(connection.responseTimeout())
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        String base = connection.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private WebClient client() {
        WebClient built = client;
        if (built != null) {
            return built;
        }
        LoopResources serviceLoops = loops.get();
        WebClient fresh = webClient(serviceLoops);
        if (serviceLoops != null) {
            client = fresh; // kept once the service's loops exist; a client on the global loops is not kept
        }
        return fresh;
    }

    private WebClient webClient(LoopResources serviceLoops) {
        HttpClient http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connection.connectTimeout().toMillis())
                .responseTimeout(connection.responseTimeout());
        if (serviceLoops != null) {
            http = http.runOn(serviceLoops);
        }
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_ANSWER_BYTES))
                .defaultHeaders(h -> h.setBearerAuth(connection.token())).build();
    }

    public Mono<UserAuthorizationAnswer> authorize(String impu, UserAuthorizationRequest request) {
        return client().post().uri(uri(CxPaths.AUTHORIZE, "{impu}", impu)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).retrieve().bodyToMono(UserAuthorizationAnswer.class).transform(this::failures);
    }

    public Mono<MultimediaAuthAnswer> authData(String impi, MultimediaAuthRequest request) {
        return client().post().uri(uri(CxPaths.AUTH_DATA, "{impi}", impi)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).retrieve().bodyToMono(MultimediaAuthAnswer.class).transform(this::failures);
    }

    public Mono<ServerAssignmentAnswer> assign(String impu, ServerAssignmentRequest request) {
        return client().put().uri(uri(CxPaths.SCSCF_REGISTRATION, "{impu}", impu))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(request).retrieve()
                .bodyToMono(ServerAssignmentAnswer.class).transform(this::failures);
    }

    public Mono<LocationInfoAnswer> locate(String impu) {
        return client().get().uri(uri(CxPaths.LOCATION, "{impu}", impu)).retrieve()
                .bodyToMono(LocationInfoAnswer.class).transform(this::failures);
    }

    /** The WWSFs and their origins (the eP-CSCF's handshake allow-list, D3). */
    public Mono<WebServerFunctions> webServerFunctions() {
        return client().get().uri(URI.create(baseUrl + CxPaths.WWSFS)).retrieve()
                .bodyToMono(WebServerFunctions.class).transform(this::failures);
    }

    private URI uri(String template, String variable, String identity) {
        // URLEncoder encodes '~', an unreserved character the HSS refuses encoded (RFC 3986 §2.3, issue 11)
        return URI.create(baseUrl + template.replace(variable,
                URLEncoder.encode(identity, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~")));
    }

    private <T> Mono<T> failures(Mono<T> call) {
        return call.onErrorMap(e -> !(e instanceof HssFailure), this::map);
    }

    private HssFailure map(Throwable error) {
        if (error instanceof WebClientResponseException response) {
            int status = response.getStatusCode().value();
            CxCause cause = cause(response);
            if (status == 504 || cause == CxCause.AV_SOURCE_UNAVAILABLE) {
                return new HssFailure(HssFailure.Kind.TIMEOUT, cause, status, "HSS: AV source did not answer");
            }
            if (status >= 500 || cause == null) {
                return new HssFailure(HssFailure.Kind.ERROR, cause, status, "HSS answered " + status);
            }
            return new HssFailure(HssFailure.Kind.NEGATIVE, cause, status, "HSS: " + cause);
        }
        // TimeoutException as the cause: no pooled connection within responseTimeout
        if (error instanceof TimeoutException || error.getCause() instanceof TimeoutException) {
            return new HssFailure(HssFailure.Kind.TIMEOUT, null, 0, "HSS did not answer in time");
        }
        if (error instanceof WebClientRequestException) {
            boolean timedOut = error.getCause() instanceof io.netty.channel.ConnectTimeoutException
                    || error.getCause() instanceof io.netty.handler.timeout.ReadTimeoutException;
            if (timedOut) { // Netty's timeout exceptions carry no message
                return new HssFailure(HssFailure.Kind.TIMEOUT, null, 0,
                        "HSS did not answer in time (" + error.getCause().getClass().getSimpleName() + ")");
            }
            return new HssFailure(HssFailure.Kind.ERROR, null, 0, "HSS unreachable: " + error.getMessage());
        }
        return new HssFailure(HssFailure.Kind.ERROR, null, 0, "HSS call failed: " + error);
    }

    private CxCause cause(WebClientResponseException response) {
        try {
            JsonNode body = json.readTree(response.getResponseBodyAsByteArray());
            return body.has("cause") ? CxCause.valueOf(body.get("cause").asString()) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
