package org.cityhealth.hub.web;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; the form posts to Spring Security's /login, which checks the password. */
@Controller
class LoginController {

    @GetMapping("/login")
    String login(Authentication authentication) {
        // Someone already signed in who follows an old bookmark to the login page wants the dashboard.
        if (authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        return "login";
    }
}
