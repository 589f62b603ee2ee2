package dev.gatehouse.audit.dashboard;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Entry, refusal and signed-out pages. */
@Controller
class DashboardController {

    @GetMapping({"/", DashboardSecurity.BASE, DashboardSecurity.BASE + "/"})
    String home(Authentication authentication) {
        return DashboardUser.of(authentication).auditor() ? "redirect:/dashboard/search" : "redirect:/dashboard/approvals";
    }

    /** The access-denied handler forwards here with the refused request's method, whatever it was. */
    @RequestMapping(DashboardSecurity.BASE + "/denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied() {
        return "dashboard/denied";
    }

    @GetMapping(DashboardSecurity.BASE + "/signed-out")
    String signedOut() {
        return "dashboard/signed-out";
    }
}
