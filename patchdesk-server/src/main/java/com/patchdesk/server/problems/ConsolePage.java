package com.patchdesk.server.problems;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a page controller of the console or portal, whichever feature it lives in: its errors become pages in the
 * reader's language (web.PageErrorAdvice), never an API's problem+json. It lives in problems, beside the
 * exceptions, so that every feature can mark its pages without depending on web.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConsolePage {}
