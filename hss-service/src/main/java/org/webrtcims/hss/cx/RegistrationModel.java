package org.webrtcims.hss.cx;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.webrtcims.hss.registration.RegistrationView;

/**
 * The registration state of every IMPU that has a row in {@code impu_registration}, in memory, each with the row's
 * version (migration V4: a sequence value set by every write, so a later committed state of one IMPU always has a
 * larger number). No database, no Spring. Writes keep the newer of what is held and what is offered, whatever order
 * the news arrive in (this instance's own write after its commit, a notification, a reload). Reads are lock-free.
 * <p>
 * A full reload ({@link #beginReload} … {@link #finishReload}) builds a new map from one database snapshot and
 * merges what was applied while it was read, so nothing learned during the reload is lost.
 */
public final class RegistrationModel {

    /** What the model holds for an IMPU; {@code rowExists} is false for a row that was deleted or never written. */
    public record Read(RegistrationView view, boolean rowExists, long version) {
    }

    private volatile Map<String, Read> entries = new ConcurrentHashMap<>();
    private Map<String, Read> appliedDuringReload;

    /** The IMPU's registration; NOT_REGISTERED (without a row) when nothing is known. */
    public Read read(String impu) {
        Read read = entries.get(impu);
        return read != null ? read : new Read(RegistrationView.notRegistered(impu), false, 0);
    }

    public RegistrationView get(String impu) {
        return read(impu).view();
    }

    /** Takes a committed row of version {@code version} unless a newer one is held. */
    public synchronized void apply(RegistrationView view, long version) {
        offer(new Read(view, true, version));
    }

    /** The row of {@code impu} was deleted by the write of version {@code version}. */
    public synchronized void deleted(String impu, long version) {
        offer(new Read(RegistrationView.notRegistered(impu), false, version));
    }

    private void offer(Read read) {
        entries.merge(read.view().impu(), read, (held, offered) -> offered.version() > held.version() ? offered : held);
        if (appliedDuringReload != null) {
            appliedDuringReload.merge(read.view().impu(), read,
                    (held, offered) -> offered.version() > held.version() ? offered : held);
        }
    }

    /** Starts collecting what is applied until {@link #finishReload}. */
    public synchronized void beginReload() {
        appliedDuringReload = new HashMap<>();
    }

    /**
     * Replaces everything with {@code rows} (one snapshot) plus what was applied since {@link #beginReload}; null
     * (the reload failed) keeps what is held.
     */
    public synchronized void finishReload(Map<String, Read> rows) {
        if (rows == null) { // the reload failed: keep what is held
            appliedDuringReload = null;
            return;
        }
        Map<String, Read> next = new ConcurrentHashMap<>(rows);
        if (appliedDuringReload != null) {
            appliedDuringReload.forEach((impu, read) -> next.merge(impu, read,
                    (held, offered) -> offered.version() > held.version() ? offered : held));
        }
        appliedDuringReload = null;
        entries = next;
    }

    /** Whether a version at least as new as {@code version} is held for the IMPU. */
    public boolean hasAtLeast(String impu, long version) {
        Read read = entries.get(impu);
        return read != null && read.version() >= version;
    }

    public int size() {
        return entries.size();
    }
}
