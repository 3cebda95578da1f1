package org.webrtcims.scscf.it;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test-only: wraps the S-CSCF's DataSource and counts, on the database scheduler's threads ({@code db-*}) only
 * (the sweeper and the outbox poller run elsewhere), the SQL statements executed and the transactions they
 * form (explicit commits plus statements run in auto-commit mode).
 */
final class StatementCounter {

    static final AtomicInteger STATEMENTS = new AtomicInteger();
    static final AtomicInteger TRANSACTIONS = new AtomicInteger();
    static final List<String> SQL = new CopyOnWriteArrayList<>();

    private StatementCounter() {
    }

    static void reset() {
        STATEMENTS.set(0);
        TRANSACTIONS.set(0);
        SQL.clear();
    }

    private static boolean counted() {
        return Thread.currentThread().getName().startsWith("db-");
    }

    /** Added to the S-CSCF application as a primary source. */
    @Configuration(proxyBeanMethods = false)
    static class Wiring {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource ? wrap(dataSource) : bean;
                }
            };
        }
    }

    static DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c && method.getName().equals("getConnection")
                            ? connection(c) : result;
                });
    }

    private static Connection connection(Connection target) {
        return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commit") && counted()) {
                        TRANSACTIONS.incrementAndGet();
                    }
                    Object result = invoke(target, method, args);
                    if (result instanceof Statement s) {
                        String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : "";
                        return statement(target, s, sql);
                    }
                    return result;
                });
    }

    private static Statement statement(Connection connection, Statement target, String preparedSql) {
        Class<?>[] types = target instanceof java.sql.CallableStatement
                ? new Class<?>[] {java.sql.CallableStatement.class}
                : target instanceof java.sql.PreparedStatement ? new Class<?>[] {java.sql.PreparedStatement.class}
                : new Class<?>[] {Statement.class};
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute") && counted()) {
                STATEMENTS.incrementAndGet();
                String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
                SQL.add(sql.replaceAll("\\s+", " ").trim());
                if (connection.getAutoCommit()) {
                    TRANSACTIONS.incrementAndGet();
                }
            }
            return invoke(target, method, args);
        };
        return (Statement) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), types, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
