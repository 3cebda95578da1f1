package org.webrtcims.webauthproxy.crypto;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.webrtcims.problem.Problem;
import org.webrtcims.problem.ProblemMapper;

/** A credential sealed with a key that is gone (or tampered with) is the operator's problem: 500, logged. */
@Component
class UnreadableCredentialProblemMapper implements ProblemMapper {

    private static final Logger log = LoggerFactory.getLogger(UnreadableCredentialProblemMapper.class);

    @Override
    public Optional<Problem> map(Throwable error) {
        if (!(error instanceof Ha1Cipher.UnreadableCredentialException unreadable)) {
            return Optional.empty();
        }
        log.error("Stored credential cannot be decrypted: {}", unreadable.getMessage());
        return Optional.of(Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, "CREDENTIAL_UNREADABLE",
                "The stored credential cannot be decrypted with the configured keys."));
    }
}
