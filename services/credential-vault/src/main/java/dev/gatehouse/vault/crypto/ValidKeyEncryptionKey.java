package dev.gatehouse.vault.crypto;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Checks the KEK on the whole record rather than on the field: Spring Boot's startup failure report
 * prints the rejected value of a field error, and this value is the master key. A class-level error
 * carries only the message, which names the property.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidKeyEncryptionKey.Validator.class)
@interface ValidKeyEncryptionKey {

    String message() default CryptoProperties.KEY_PROPERTY
            + " must be set to the base64 encoding of exactly 32 random bytes (AES-256)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidKeyEncryptionKey, CryptoProperties> {

        @Override
        public boolean isValid(CryptoProperties properties, ConstraintValidatorContext context) {
            byte[] key = properties.decodedKey();
            if (key == null) {
                return false;
            }
            java.util.Arrays.fill(key, (byte) 0);
            return true;
        }
    }
}
