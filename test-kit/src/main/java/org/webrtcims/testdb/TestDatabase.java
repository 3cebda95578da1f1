package org.webrtcims.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh, empty schema on a real PostgreSQL server, for one test class (or one service of a system test).
 * The JDBC URL selects the schema through {@code currentSchema}, so Flyway and Hibernate work inside it.
 */
public record TestDatabase(String jdbcUrl, String username, String password, String schema) {

    /** Points {@code spring.datasource.*} of a Spring test context at this schema. */
    public void registerWith(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", this::jdbcUrl);
        registry.add("spring.datasource.username", this::username);
        registry.add("spring.datasource.password", this::password);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl + "]";
    }
}
