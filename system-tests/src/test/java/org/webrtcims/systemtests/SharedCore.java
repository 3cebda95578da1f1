package org.webrtcims.systemtests;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link RunningCore} parameter (e.g. of a {@code @BeforeAll} method) to ONE plain-ws core per test run,
 * shared by every test class that uses it: started on first use, kept in the root extension store, closed by JUnit
 * when the run ends (the store closes {@link AutoCloseable} values). Also installs the Node clients' dependencies.
 */
public final class SharedCore implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedCore.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningCore.class;
    }

    @Override
    public RunningCore resolveParameter(ParameterContext parameter, ExtensionContext context) {
        NodeModules.ensureInstalled(); // before the ~30 s start: a missing Node fails at once
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(RunningCore.class, key -> RunningCore.start(), RunningCore.class);
    }
}
