package org.webrtcims.hss.wwsf;

import org.springframework.data.jpa.repository.JpaRepository;

public interface WwsfRepository extends JpaRepository<WwsfEntity, String> {
}
