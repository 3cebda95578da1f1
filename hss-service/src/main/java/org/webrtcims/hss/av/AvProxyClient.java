package org.webrtcims.hss.av;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.webrtcims.av.DigestVectorFetchRequest;
import org.webrtcims.av.DigestVectors;
import org.webrtcims.cx.CxCause;
import org.webrtcims.digest.DigestAlgorithm;
import org.webrtcims.hss.config.HssProperties;
import org.webrtcims.hss.cx.CxException;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches digest vectors from the web-auth proxy (profile §5.3), without blocking: the proxy's "no such
 * credential" answers (404, 410, 422) become AUTH_DATA_UNAVAILABLE with the same status; the proxy unreachable
 * or too slow becomes 504 AV_SOURCE_UNAVAILABLE, any other proxy answer 502 AV_SOURCE_ERROR (profile §5.5).
 */
@Component
public class AvProxyClient {

    private static final Logger log = LoggerFactory.getLogger(AvProxyClient.class);

    private final WebClient client;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param resources the HSS's own Netty resources: the proxy's answers are read on the event loops that also
     *                  serve Cx (issue 12), with the connection pool of those resources. Each phase has one limit,
     *                  enforced by Netty: connect ({@code connect-timeout}) and reading ({@code response-timeout}).
     */
    public AvProxyClient(HssProperties properties, ReactorResourceFactory resources) {
        HssProperties.AvProxy settings = properties.avProxy();
        // the connector builds its HttpClient when the resources have started (they start with the application)
        this.client = WebClient.builder().baseUrl(settings.baseUrl().toString())
                .clientConnector(new ReactorClientHttpConnector(resources, http -> http
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                        .responseTimeout(settings.responseTimeout())))
                .defaultHeaders(h -> h.setBearerAuth(settings.token()))
                .build();
    }

    public Mono<DigestVectors> fetch(String webIdentity, String wwsfIdentity, List<DigestAlgorithm> algorithms) {
        DigestVectorFetchRequest request = new DigestVectorFetchRequest(webIdentity, wwsfIdentity,
                algorithms.stream().map(DigestAlgorithm::token).toList());
        return client.post().uri(DigestVectorFetchRequest.PATH).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request).retrieve().bodyToMono(DigestVectors.class)
                .onErrorMap(e -> !(e instanceof CxException), this::toCxException);
    }

    private CxException toCxException(Throwable error) {
        if (error instanceof WebClientResponseException response) {
            int status = response.getStatusCode().value();
            String proxyCause = proxyCause(response);
            if (status == 404 || status == 410 || status == 422) {
                return new CxException(CxCause.AUTH_DATA_UNAVAILABLE, status,
                        "The web-auth proxy has no usable credential (" + proxyCause + ").",
                        Map.of("avSourceCause", proxyCause));
            }
            log.warn("web-auth proxy answered {} {}", status, proxyCause);
            return new CxException(CxCause.AV_SOURCE_ERROR, 502, "The web-auth proxy answered " + status + ".",
                    Map.of("avSourceStatus", status));
        }
        if (error instanceof WebClientRequestException || error instanceof TimeoutException
                || error.getCause() instanceof TimeoutException) {
            log.warn("web-auth proxy unreachable: {}: {}", error.getClass().getSimpleName(), error.getMessage());
            return new CxException(CxCause.AV_SOURCE_UNAVAILABLE, 504,
                    "The web-auth proxy did not answer in time.", Map.of());
        }
        log.error("web-auth proxy call failed", error);
        return new CxException(CxCause.AV_SOURCE_ERROR, 502, "The web-auth proxy call failed.", Map.of());
    }

    private String proxyCause(WebClientResponseException response) {
        try {
            JsonNode body = json.readTree(response.getResponseBodyAsByteArray());
            return body.has("cause") ? body.get("cause").asString() : "HTTP_" + response.getStatusCode().value();
        } catch (RuntimeException e) {
            return "HTTP_" + response.getStatusCode().value();
        }
    }
}
