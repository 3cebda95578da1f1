package org.webrtcims.hss.cx;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.webrtcims.problem.Problem;
import org.webrtcims.problem.ProblemMapper;

/** Negative Cx outcomes as problem+json: {@code cause}, {@code diameterResult}, status of profile §5.5. */
@Component
class CxProblemMapper implements ProblemMapper {

    @Override
    public Optional<Problem> map(Throwable error) {
        if (!(error instanceof CxException cx)) {
            return Optional.empty();
        }
        Map<String, Object> extensions = new HashMap<>(cx.extensions());
        extensions.put("diameterResult", cx.cxCause().diameterResult());
        return Optional.of(new Problem(HttpStatusCode.valueOf(cx.httpStatus()), cx.cxCause().name(), cx.getMessage(),
                extensions, new HttpHeaders()));
    }
}
