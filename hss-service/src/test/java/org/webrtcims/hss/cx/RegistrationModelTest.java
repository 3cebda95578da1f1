package org.webrtcims.hss.cx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webrtcims.hss.registration.RegistrationState;
import org.webrtcims.hss.registration.RegistrationView;

class RegistrationModelTest {

    private static final String IMPU = "sip:alice@ims.example.net";

    private static RegistrationView registered(String scscf) {
        return new RegistrationView(IMPU, RegistrationState.REGISTERED, scscf, "alice", false);
    }

    @Test
    void anImpuWithoutARowIsNotRegistered() {
        RegistrationModel model = new RegistrationModel();

        assertThat(model.get(IMPU)).isEqualTo(RegistrationView.notRegistered(IMPU));
        assertThat(model.read(IMPU).rowExists()).isFalse();
    }

    @Test
    void olderNewsArrivingLateNeverReplaceANewerState() {
        RegistrationModel model = new RegistrationModel();

        model.apply(registered("sip:s2"), 12); // this instance's own write, applied at once
        model.apply(registered("sip:s1"), 11); // another instance's earlier write, notified late

        assertThat(model.get(IMPU).scscfName()).isEqualTo("sip:s2");
        assertThat(model.hasAtLeast(IMPU, 12)).isTrue();
        assertThat(model.hasAtLeast(IMPU, 13)).isFalse();
    }

    @Test
    void aDeletedRowIsNotRegisteredUnlessANewerWriteFollows() {
        RegistrationModel model = new RegistrationModel();
        model.apply(registered("sip:s1"), 3);

        model.deleted(IMPU, 4);
        assertThat(model.get(IMPU)).isEqualTo(RegistrationView.notRegistered(IMPU));
        model.apply(registered("sip:s1"), 2);
        assertThat(model.get(IMPU).state()).isEqualTo(RegistrationState.NOT_REGISTERED);
    }

    @Test
    void whatIsAppliedDuringAReloadSurvivesTheOlderSnapshot() {
        RegistrationModel model = new RegistrationModel();
        model.apply(registered("sip:s1"), 5);

        model.beginReload();
        model.apply(registered("sip:s2"), 9); // committed after the snapshot was read
        model.finishReload(Map.of(IMPU, new RegistrationModel.Read(registered("sip:s1"), true, 5)));

        assertThat(model.get(IMPU).scscfName()).isEqualTo("sip:s2");
    }

    @Test
    void aReloadDropsRowsTheSnapshotNoLongerHasAndAFailedOneKeepsEverything() {
        RegistrationModel model = new RegistrationModel();
        model.apply(registered("sip:s1"), 5);

        model.beginReload();
        model.finishReload(null);
        assertThat(model.get(IMPU).scscfName()).isEqualTo("sip:s1");

        model.beginReload();
        model.finishReload(Map.of());
        assertThat(model.get(IMPU)).isEqualTo(RegistrationView.notRegistered(IMPU));
    }
}
