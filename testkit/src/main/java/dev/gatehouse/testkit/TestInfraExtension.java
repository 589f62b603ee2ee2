package dev.gatehouse.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Injects the JVM-wide {@link PostgresFixture}, {@link KafkaFixture} and {@link OidcIssuer} into test
 * constructors and methods: {@code @ExtendWith(TestInfraExtension.class)}. Each starts on first use.
 */
public final class TestInfraExtension implements ParameterResolver {

    private static final Map<Class<?>, Supplier<?>> FIXTURES = Map.of(
            PostgresFixture.class, PostgresFixture::shared,
            KafkaFixture.class, KafkaFixture::shared,
            OidcIssuer.class, OidcIssuer::shared);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return FIXTURES.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return FIXTURES.get(parameter.getParameter().getType()).get();
    }
}
