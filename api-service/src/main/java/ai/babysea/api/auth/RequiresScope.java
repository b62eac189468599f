package ai.babysea.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the scope a `/v1` route needs; the authentication filter enforces it (BSE1003). A route
 * marked {@link #fullAccess()} (key and webhook management writes) needs a key holding all six scopes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresScope {
    /** The scope required. */
    Scope value();

    /** Whether the route additionally requires every scope (a Full Access key). */
    boolean fullAccess() default false;
}
