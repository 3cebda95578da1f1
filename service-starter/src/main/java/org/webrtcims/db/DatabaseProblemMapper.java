package org.webrtcims.db;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.webrtcims.problem.Problem;
import org.webrtcims.problem.ProblemMapper;

/** A database that is down, slow or saturated is the service's failure: 503 with Retry-After, never a 4xx. */
public final class DatabaseProblemMapper implements ProblemMapper {

    private static final Logger log = LoggerFactory.getLogger(DatabaseProblemMapper.class);

    private final int retryAfterSeconds;

    public DatabaseProblemMapper(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public Optional<Problem> map(Throwable error) {
        if (error instanceof DatabaseBusyException) {
            return Optional.of(unavailable("DATABASE_BUSY", "Too much database work is queued; retry later."));
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof QueryTimeoutException || t instanceof TransientDataAccessException
                    || t instanceof SQLTransientException || isUnavailableState(t)) {
                log.warn("Database unavailable: {}", t.getClass().getSimpleName());
                return Optional.of(unavailable("DATABASE_UNAVAILABLE", "The database is unavailable; retry later."));
            }
        }
        return Optional.empty();
    }

    /**
     * SQLSTATE classes that mean "the server went away", whatever exception wraps them (Hibernate's
     * JpaSystemException, for one): 08 connection exception, 57P01-57P03 admin/crash shutdown and
     * cannot-connect-now, 53 insufficient resources, 57014 statement cancelled ({@code statement_timeout},
     * {@link DatabaseTimeoutProperties#statement()}).
     */
    private static boolean isUnavailableState(Throwable t) {
        if (t instanceof TransactionSystemException) {
            return true; // commit or rollback failed: the connection is gone
        }
        if (!(t instanceof SQLException sql)) {
            return false;
        }
        String state = sql.getSQLState();
        if (state == null) {
            // the pool's "Connection is closed" and similar driver-side connection failures carry no state
            return sql.getMessage() != null && sql.getMessage().contains("onnection");
        }
        return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53") || state.equals("57014");
    }

    private Problem unavailable(String cause, String detail) {
        return Problem.of(HttpStatus.SERVICE_UNAVAILABLE, cause, detail)
                .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }
}
