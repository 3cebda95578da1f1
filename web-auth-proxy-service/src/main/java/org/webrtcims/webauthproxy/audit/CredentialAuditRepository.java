package org.webrtcims.webauthproxy.audit;

import java.util.List;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CredentialAuditRepository extends JpaRepository<CredentialAuditEntity, Long> {

    List<CredentialAuditEntity> findByWwsfIdentityAndWebIdentityOrderByIdDesc(String wwsfIdentity,
                                                                              String webIdentity, Pageable page);

    List<CredentialAuditEntity> findByWwsfIdentityOrderByIdDesc(String wwsfIdentity, Pageable page);
}
