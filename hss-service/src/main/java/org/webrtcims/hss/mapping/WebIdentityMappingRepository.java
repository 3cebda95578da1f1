package org.webrtcims.hss.mapping;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface WebIdentityMappingRepository extends JpaRepository<WebIdentityMappingEntity, Long> {

    Optional<WebIdentityMappingEntity> findByWwsfIdentityAndWebIdentity(String wwsfIdentity, String webIdentity);

    List<WebIdentityMappingEntity> findByWebIdentity(String webIdentity);

    Page<WebIdentityMappingEntity> findByImpuOrderById(String impu, Pageable page);

    Page<WebIdentityMappingEntity> findByWwsfIdentityOrderById(String wwsfIdentity, Pageable page);

    List<WebIdentityMappingEntity> findBySubscriptionId(String subscriptionId);

    boolean existsByImpu(String impu);
}
