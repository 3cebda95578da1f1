package org.webrtcims.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import io.micrometer.observation.Observation;

/** Which server requests are observed (issue 12: no per-request observation on the hot path). */
class NetworkCallsUnobservedTest {

    private final NetworkCallsUnobserved predicate = new NetworkCallsUnobserved(PathAccessRules.of(
            PathAccessRule.publicPath("/actuator"),
            PathAccessRule.operation(HttpMethod.POST, "/cx/v1/impus/{impu}/authorization", ApiRole.I_CSCF),
            PathAccessRule.operation(HttpMethod.GET, "/cx/v1/wwsfs", ApiRole.EP_CSCF, ApiRole.ADMIN),
            PathAccessRule.roles("/admin", ApiRole.ADMIN)));

    private boolean observed(HttpMethod method, String path) {
        MockServerHttpRequest request = MockServerHttpRequest.method(method, path).build();
        return predicate.test("http.server.requests",
                new ServerRequestObservationContext(request, new MockServerHttpResponse(), java.util.Map.of()));
    }

    @Test
    void cxOperationOfACscfIsNotObserved() {
        assertThat(observed(HttpMethod.POST, "/cx/v1/impus/sip%3Aalice%40ims.example.net/authorization")).isFalse();
    }

    @Test
    void operatorCallsProbesAndUnknownPathsAreObserved() {
        assertThat(observed(HttpMethod.GET, "/admin/v1/mappings")).isTrue();
        assertThat(observed(HttpMethod.GET, "/actuator/health")).isTrue();
        assertThat(observed(HttpMethod.GET, "/nowhere")).isTrue();
    }

    @Test
    void operationAlsoOpenToAnOperatorIsObserved() {
        assertThat(observed(HttpMethod.GET, "/cx/v1/wwsfs")).isTrue();
    }

    @Test
    void nonCanonicalPathIsObservedAndLeftToTheBearerFilter() {
        assertThat(observed(HttpMethod.POST, "/cx/v1/impus/x/..%2Fauthorization")).isTrue();
    }

    @Test
    void otherObservationsAreUntouched() {
        assertThat(predicate.test("http.client.requests", new Observation.Context())).isTrue();
    }
}
