package com.patchdesk.server.problems;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import org.springframework.stereotype.Component;

/**
 * Applies the API's bean-validation rules (the same request records) to form input, so that a console form refuses
 * exactly what the API refuses; the first violation, by field name, becomes the page's reason.
 */
@Component
public class FormChecks {

    private final Validator validator;

    FormChecks(Validator validator) {
        this.validator = validator;
    }

    /** @throws InvalidInputException naming the first field that breaks a rule */
    public <T> void require(T request) {
        validator.validate(request).stream()
                .min(Comparator.comparing(
                        (ConstraintViolation<T> v) -> v.getPropertyPath().toString()))
                .ifPresent(first -> {
                    throw new InvalidInputException(
                            first.getPropertyPath().toString(), first.getPropertyPath() + " " + first.getMessage());
                });
    }
}
