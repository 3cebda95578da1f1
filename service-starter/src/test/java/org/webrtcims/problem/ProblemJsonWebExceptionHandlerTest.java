package org.webrtcims.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import tools.jackson.databind.json.JsonMapper;

/** RFC 9457: every error is problem+json with type, title, status, detail, instance and our {@code cause}. */
class ProblemJsonWebExceptionHandlerTest {

    private final ProblemJsonWebExceptionHandler handler = new ProblemJsonWebExceptionHandler(
            List.of(error -> error instanceof IllegalMonitorStateException
                    ? Optional.of(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "BACKEND_DOWN", "down")
                            .withHeader("Retry-After", "5"))
                    : Optional.empty()),
            new ProblemJsonWriter(JsonMapper.builder().build()));

    @Test
    void apiProblemIsWrittenWithItsCauseAndExtensions() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x/y"));
        handler.handle(exchange, new ApiProblemException(HttpStatus.CONFLICT, "STALE_CREDENTIAL_VERSION",
                "newer stored", Map.of("storedCredentialVersion", 7))).block();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"urn:webrtc-ims:problem:stale-credential-version\"")
                .contains("\"title\":\"Conflict\"")
                .contains("\"status\":409")
                .contains("\"detail\":\"newer stored\"")
                .contains("\"instance\":\"/x/y\"")
                .contains("\"cause\":\"STALE_CREDENTIAL_VERSION\"")
                .contains("\"storedCredentialVersion\":7");
    }

    @Test
    void everyProblemAnswerClosesTheConnectionSoNoKeepAliveRequestCanStall() {
        // Reactor Netty keep-alive races (#4188, #4361) after answers made without a hop: see ProblemJsonWriter
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/x"));
        handler.handle(exchange, new ApiProblemException(HttpStatus.FORBIDDEN, "WWSF_NOT_IN_SCOPE", "no")).block();
        assertThat(exchange.getResponse().getHeaders().getFirst("Connection")).isEqualTo("close");
    }

    @Test
    void pluggedMapperDecidesBeforeTheGenericRulesAndAddsHeaders() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
        handler.handle(exchange, new IllegalMonitorStateException()).block();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
    }

    @Test
    void inputErrorsAre400WithoutEchoingTheInput() {
        Problem problem = handler.toProblem(new ServerWebInputException("Failed to read HTTP message",
                null, new org.springframework.core.codec.DecodingException("Unexpected character 'secret-value'")));
        assertThat(problem.status().value()).isEqualTo(400);
        assertThat(problem.cause()).isEqualTo("MALFORMED_REQUEST");
        assertThat(problem.detail()).doesNotContain("secret-value");
    }

    @Test
    void oversizedBodyIs413() {
        assertThat(handler.toProblem(new DataBufferLimitException("too big")).status().value()).isEqualTo(413);
    }

    @Test
    void unexpectedErrorIs500WithoutItsMessage() {
        Problem problem = handler.toProblem(new IllegalStateException("internal detail with ha1=abc"));
        assertThat(problem.status().value()).isEqualTo(500);
        assertThat(problem.cause()).isEqualTo("INTERNAL_ERROR");
        assertThat(problem.detail()).doesNotContain("ha1");
    }
}
