package org.cityhealth.hub.web;

import org.cityhealth.hub.access.Role;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; the form posts to Spring Security's /login, which checks the password. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login(Authentication authentication) {
        // Someone already signed in who follows an old bookmark to the login page wants their home page: the dashboard,
        // or the audit page for auditors, who may not open the dashboard.
        if (authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken)) {
            return hasRole(authentication, Role.AUDITOR) && !hasRole(authentication, Role.OPERATOR) ? "redirect:/audit" : "redirect:/";
        }
        return "login";
    }

    private static boolean hasRole(Authentication authentication, Role role) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(role.authority()::equals);
    }
}
