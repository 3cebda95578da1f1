package org.webrtcims.problem;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * Last line of every request: whatever went wrong is answered as {@code application/problem+json} with a
 * {@code cause}. Messages of framework exceptions are not echoed (they may quote request content).
 */
public final class ProblemJsonWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonWebExceptionHandler.class);

    private final List<ProblemMapper> mappers;
    private final ProblemJsonWriter writer;

    public ProblemJsonWebExceptionHandler(List<ProblemMapper> mappers, ProblemJsonWriter writer) {
        this.mappers = List.copyOf(mappers);
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        return writer.write(exchange, toProblem(error));
    }

    Problem toProblem(Throwable error) {
        if (error instanceof ApiProblemException api) {
            return Problem.from(api);
        }
        for (ProblemMapper mapper : mappers) {
            Optional<Problem> mapped = mapper.map(error);
            if (mapped.isPresent()) {
                return mapped.get();
            }
        }
        if (isTooLarge(error)) {
            return Problem.of(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The request body is too large.");
        }
        if (error instanceof ServerWebInputException input) {
            return Problem.of(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", inputDetail(input));
        }
        if (error instanceof UnsupportedMediaTypeStatusException) {
            return Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "Send the request body as application/json.");
        }
        if (error instanceof NotAcceptableStatusException) {
            return Problem.of(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "Accept application/json.");
        }
        if (error instanceof MethodNotAllowedException notAllowed) {
            return Problem.of(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    "Allowed methods: " + notAllowed.getSupportedMethods() + ".");
        }
        if (error instanceof ResponseStatusException status) {
            if (status.getStatusCode().value() == 404) {
                return Problem.of(status.getStatusCode(), "NOT_FOUND", "No such resource.");
            }
            return Problem.of(status.getStatusCode(), "HTTP_" + status.getStatusCode().value(), status.getReason());
        }
        log.error("Unhandled error answered with 500", error);
        return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "The service failed unexpectedly.");
    }

    private static boolean isTooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException || t instanceof PayloadTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static String inputDetail(ServerWebInputException input) {
        for (Throwable t = input; t != null; t = t.getCause()) {
            if (t instanceof DecodingException) {
                return "The request body is not valid JSON of the expected shape.";
            }
        }
        return input.getReason() != null ? input.getReason() : "The request is malformed.";
    }
}
