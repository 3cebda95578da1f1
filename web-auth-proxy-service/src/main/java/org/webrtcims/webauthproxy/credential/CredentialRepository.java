package org.webrtcims.webauthproxy.credential;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

public interface CredentialRepository extends JpaRepository<CredentialEntity, Long> {

    Optional<CredentialEntity> findByWwsfIdentityAndWebIdentity(String wwsfIdentity, String webIdentity);
}
