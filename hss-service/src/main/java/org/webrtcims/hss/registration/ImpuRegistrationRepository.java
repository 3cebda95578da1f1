package org.webrtcims.hss.registration;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import jakarta.persistence.LockModeType;

public interface ImpuRegistrationRepository extends JpaRepository<ImpuRegistrationEntity, String> {

    /** The row, locked for the rest of the transaction (SELECT … FOR UPDATE). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from ImpuRegistrationEntity r where r.impu = :impu")
    Optional<ImpuRegistrationEntity> lock(String impu);

    /** Creates the NOT_REGISTERED row if missing, so that it can be locked; concurrent callers do not clash. */
    @Modifying
    @Query(value = "INSERT INTO impu_registration (impu, state, auth_pending, updated_at) "
            + "VALUES (:impu, 'NOT_REGISTERED', false, now()) ON CONFLICT (impu) DO NOTHING", nativeQuery = true)
    int ensureExists(String impu);

    List<ImpuRegistrationEntity> findByImpuIn(Collection<String> impus);
}
