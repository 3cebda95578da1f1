package org.webrtcims.hss.subscription;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface SubscriptionImpuRepository extends JpaRepository<SubscriptionImpuEntity, String> {

    List<SubscriptionImpuEntity> findByImpuIn(List<String> impus);
}
