package dev.warden.host;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link java.math.BigInteger} as SpacetimeDB's {@code u128} (0 to 2<sup>128</sup>-1); without it a
 * {@code BigInteger} is an {@code i128}. Write it where the type is used: {@code record Balance(@Unsigned
 * BigInteger amount)}, {@code List<@Unsigned BigInteger>}.
 *
 * <p>On {@code byte}, {@code short}, {@code int} and {@code long} (and their boxes) it only documents intent:
 * {@code u8} and {@code i8} (and so on) have the same bytes, and Java keeps the unsigned value's bits.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE_USE)
public @interface Unsigned {}
