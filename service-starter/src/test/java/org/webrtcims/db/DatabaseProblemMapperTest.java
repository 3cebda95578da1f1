package org.webrtcims.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;

class DatabaseProblemMapperTest {

    private final DatabaseProblemMapper mapper = new DatabaseProblemMapper(7);

    @Test
    void serverShutdownWrappedByHibernateIs503WithRetryAfter() {
        var problem = mapper.map(new JpaSystemException(new RuntimeException(
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")))).orElseThrow();
        assertThat(problem.status().value()).isEqualTo(503);
        assertThat(problem.cause()).isEqualTo("DATABASE_UNAVAILABLE");
        assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("7");
    }

    @Test
    void brokenConnectionIs503() {
        assertThat(mapper.map(new RuntimeException(new SQLException("I/O error", "08006")))).isPresent();
    }

    @Test
    void failedRollbackOnAClosedPooledConnectionIs503() {
        assertThat(mapper.map(new JpaSystemException(new RuntimeException("Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed"))))).isPresent();
    }

    @Test
    void statementCancelledByStatementTimeoutWrappedByHibernateIs503WithRetryAfter() {
        var problem = mapper.map(new JpaSystemException(new RuntimeException(
                new SQLException("ERROR: canceling statement due to statement timeout", "57014")))).orElseThrow();
        assertThat(problem.status().value()).isEqualTo(503);
        assertThat(problem.headers().getFirst("Retry-After")).isEqualTo("7");
    }

    @Test
    void fullQueueIs503Busy() {
        assertThat(mapper.map(new DatabaseBusyException(null)).orElseThrow().cause()).isEqualTo("DATABASE_BUSY");
    }

    @Test
    void constraintViolationIsNotAnOutage() {
        assertThat(mapper.map(new DataIntegrityViolationException("dup", new SQLException("dup", "23505"))))
                .isEmpty();
    }
}
