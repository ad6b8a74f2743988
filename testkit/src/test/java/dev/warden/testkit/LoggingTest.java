package dev.warden.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * A module author's test run has an SLF4J provider (no "No SLF4J providers were found" warning) that is quiet
 * by default: only warnings and errors. This module's own tests have no logging dependency of their own, so
 * they see exactly what the testkit brings.
 */
class LoggingTest {

    @Test
    void theTestkitBringsAQuietProvider() {
        assertThat(LoggerFactory.getILoggerFactory()).isNotInstanceOf(NOPLoggerFactory.class);
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).isEqualTo("org.slf4j.simple.SimpleLoggerFactory");
        Logger log = LoggerFactory.getLogger("dev.warden.core.TokenValidator");
        assertThat(log.isInfoEnabled()).as("info is off by default").isFalse();
        assertThat(log.isWarnEnabled()).as("warnings still show").isTrue();
    }
}
