package org.webrtcims.systemtests;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The OS processes a test started outside the JVM (service JVMs, the PostgreSQL postmaster and its backends, Node):
 * whatever is still alive when the JVM exits is killed by one shutdown hook, so a failed or aborted run (assertion,
 * exception, Ctrl-C, surefire's SIGTERM) leaves no orphan behind. Tests also stop them themselves in
 * {@code @AfterAll}; this is the safety net. (Nothing survives a SIGKILL of the test JVM itself.)
 */
final class OrphanGuard {

    private static final Set<ProcessHandle> WATCHED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OrphanGuard::killAll, "orphan-guard"));
    }

    private OrphanGuard() {
    }

    /** Kills {@code process} (and whatever it started) at JVM exit if it is still alive then. */
    static void watch(ProcessHandle process) {
        WATCHED.add(process);
    }

    static void forget(ProcessHandle process) {
        WATCHED.remove(process);
    }

    /** SIGKILL to every watched process still alive, children first; waits a little for them to go. */
    static void killAll() {
        for (ProcessHandle process : List.copyOf(WATCHED)) {
            killTree(process);
            WATCHED.remove(process);
        }
    }

    /** SIGKILL to {@code process}'s descendants and to it; waits up to 10 s for all of them to exit. */
    static void killTree(ProcessHandle process) {
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(process);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a process we cannot wait for (already reaped by someone else, or stuck in the kernel): nothing more to do
            }
        }
    }
}
