package org.webrtcims.problem;

import java.util.Optional;

/**
 * Turns an exception of some other module (a database outage, a remote call timing out) into a problem.
 * Beans of this type are consulted, in {@code @Order}, before the generic mapping.
 */
@FunctionalInterface
public interface ProblemMapper {
    Optional<Problem> map(Throwable error);
}
