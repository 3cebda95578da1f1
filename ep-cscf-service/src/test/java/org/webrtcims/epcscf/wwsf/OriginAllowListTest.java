package org.webrtcims.epcscf.wwsf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.webrtcims.cx.WebServerFunctions;

/** D3: the Origin decides the WWSF; a disabled WWSF admits nobody. */
class OriginAllowListTest {

    @Test
    void d3OriginsMapToTheirWwsfCaseInsensitivelyAndDisabledWwsfsAreLeftOut() {
        OriginAllowList list = OriginAllowList.of(new WebServerFunctions(List.of(
                new WebServerFunctions.Item("wwsf.example.com",
                        List.of("https://wwsf.example.com", "http://localhost:8080"), true),
                new WebServerFunctions.Item("off.example.com", List.of("https://off.example.com"), false))));
        assertThat(list.wwsfFor("https://WWSF.example.com")).contains("wwsf.example.com");
        assertThat(list.wwsfFor("http://localhost:8080/")).contains("wwsf.example.com");
        assertThat(list.wwsfFor("https://off.example.com")).isEmpty();
        assertThat(list.wwsfFor("https://wwsf.example.com.evil.org")).isEmpty();
        assertThat(list.wwsfFor("null")).isEmpty();
        assertThat(list.wwsfFor(null)).isEmpty();
    }
}
