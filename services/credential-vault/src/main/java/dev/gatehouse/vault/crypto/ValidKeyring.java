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
 * Checks the whole keyring on the record rather than on fields: Spring Boot's startup failure report
 * prints the rejected value of a field error, and these values are master keys. A class-level error
 * carries only the message, which names the property (and a file path), never a key.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidKeyring.Validator.class)
@interface ValidKeyring {

    String message() default "invalid key-encryption keyring";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ValidKeyring, CryptoProperties> {

        @Override
        public boolean isValid(CryptoProperties properties, ConstraintValidatorContext context) {
            try {
                Keyring.load(properties);
                return true;
            } catch (InvalidKeyring e) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(escape(e.getMessage())).addConstraintViolation();
                return false;
            }
        }

        /** The message is a template to the validator: paths with braces or dollars must stay literal. */
        private static String escape(String message) {
            return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
        }
    }
}
