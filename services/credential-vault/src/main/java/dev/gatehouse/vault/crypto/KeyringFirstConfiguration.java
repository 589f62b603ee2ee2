package dev.gatehouse.vault.crypto;

import org.springframework.boot.jpa.autoconfigure.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key-encryption key is checked before the database is touched. The JPA entity-manager factory is
 * built early in the context's start (and runs Flyway first); without this, a vault with a missing or
 * malformed KEK would fail on an unreachable database instead of naming the KEK property.
 */
@Configuration(proxyBeanMethods = false)
class KeyringFirstConfiguration {

    @Bean
    static EntityManagerFactoryDependsOnPostProcessor entityManagerFactoryAfterTheKeyring() {
        return new EntityManagerFactoryDependsOnPostProcessor(EnvelopeCipher.class);
    }
}
