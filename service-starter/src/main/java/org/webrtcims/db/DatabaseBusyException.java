package org.webrtcims.db;

/** More database work is waiting than the scheduler's queue holds: answered 503 with Retry-After. */
public class DatabaseBusyException extends RuntimeException {
    public DatabaseBusyException(Throwable cause) {
        super("database work queue is full", cause);
    }
}
