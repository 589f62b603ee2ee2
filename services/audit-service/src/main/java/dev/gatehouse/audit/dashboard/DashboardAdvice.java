package dev.gatehouse.audit.dashboard;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts the signed-in user (navigation, role-dependent controls) and the formatting helpers into every dashboard model. */
@ControllerAdvice(basePackageClasses = DashboardAdvice.class)
class DashboardAdvice {

    private final EventText eventText;

    DashboardAdvice(EventText eventText) {
        this.eventText = eventText;
    }

    /** Formatting helpers as a model object: unescaped output (th:utext) may not reference beans. */
    @ModelAttribute("fmt")
    EventText fmt() {
        return eventText;
    }

    @ModelAttribute("user")
    DashboardUser user(Authentication authentication) {
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return DashboardUser.of(authentication);
    }
}
