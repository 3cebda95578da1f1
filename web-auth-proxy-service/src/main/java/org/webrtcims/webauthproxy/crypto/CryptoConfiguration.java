package org.webrtcims.webauthproxy.crypto;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.webrtcims.webauthproxy.config.WebAuthProxyProperties;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    Ha1Cipher ha1Cipher(WebAuthProxyProperties properties) {
        return new Ha1Cipher(properties.encryption().activeKeyId(), properties.encryption().keys());
    }
}
