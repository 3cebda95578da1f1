package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.webrtcims.hss.HssIntegrationTest;
import org.webrtcims.hss.registration.RegistrationState;
import org.webrtcims.hss.registration.RegistrationView;

/**
 * {@link CxStore#changeRegistration}'s fast path writes only if the row still equals what the caller read; a stale
 * read must never overwrite a newer state: the decision is made again on the locked current row.
 */
class CxStoreCompareAndSetTest extends HssIntegrationTest {

    @Autowired
    private CxStore store;

    @Test
    void aStaleReadIsDecidedAgainOnTheCurrentRowInsteadOfOverwritingIt() {
        User user = provisionUser("md5-only");
        mar(user, SCSCF1).expectStatus().isOk();
        RegistrationView stale = store.load(user.wwsf(), user.webIdentity(), user.impu()).registration();
        assertThat(stale.scscfName()).isEqualTo(SCSCF1);
        assertThat(stale.authPending()).isTrue();
        sar(user, SCSCF1, "REGISTRATION").expectStatus().isOk(); // the row changes after the read

        List<RegistrationView> decidedOn = new ArrayList<>();
        String result = store.changeRegistration(user.impu(), stale, current -> {
            decidedOn.add(current);
            // a change on any input: flips the authentication-pending flag
            return new CxStore.Change<>(new RegistrationView(current.impu(), current.state(), current.scscfName(),
                    current.privateIdentity(), !current.authPending()), "done");
        });

        assertThat(result).isEqualTo("done");
        assertThat(decidedOn).hasSize(2);
        assertThat(decidedOn.get(0)).isEqualTo(stale);
        assertThat(decidedOn.get(1).state()).isEqualTo(RegistrationState.REGISTERED);
        RegistrationView now = store.impuContext(user.impu(), null, null).registration();
        assertThat(now.state()).isEqualTo(RegistrationState.REGISTERED); // not the stale NOT_REGISTERED
        assertThat(now.authPending()).isTrue(); // flipped from the current false, not from the stale true
    }

    @Test
    void theFirstChangeCreatesTheRowAndAnUpToDateReadTakesTheFastPath() {
        User user = provisionUser("md5-only");
        RegistrationView none = store.load(user.wwsf(), user.webIdentity(), user.impu()).registration();
        assertThat(none).isEqualTo(RegistrationView.notRegistered(user.impu()));
        List<RegistrationView> decidedOn = new ArrayList<>();
        store.changeRegistration(user.impu(), none, current -> {
            decidedOn.add(current);
            return new CxStore.Change<>(new RegistrationView(current.impu(), current.state(), SCSCF2, null, true), 1);
        });
        assertThat(decidedOn).hasSize(2); // no row yet: the CAS matched nothing, the locked path created it

        RegistrationView fresh = store.load(user.wwsf(), user.webIdentity(), user.impu()).registration();
        assertThat(fresh.scscfName()).isEqualTo(SCSCF2);
        decidedOn.clear();
        store.changeRegistration(user.impu(), fresh, current -> {
            decidedOn.add(current);
            return new CxStore.Change<>(new RegistrationView(current.impu(), RegistrationState.REGISTERED,
                    current.scscfName(), user.webIdentity(), false), 1);
        });
        assertThat(decidedOn).hasSize(1);
        assertThat(store.impuContext(user.impu(), user.webIdentity(), user.wwsf()).registration())
                .isEqualTo(new RegistrationView(user.impu(), RegistrationState.REGISTERED, SCSCF2, user.webIdentity(),
                        false));
        assertThat(store.impuContext(user.impu(), user.webIdentity(), user.wwsf()).webIdentityMapped()).isTrue();
        assertThat(store.impuContext(user.impu(), user.webIdentity(), "other.example.com").webIdentityMapped())
                .isFalse();
    }
}
