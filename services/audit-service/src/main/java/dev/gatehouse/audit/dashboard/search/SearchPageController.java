package dev.gatehouse.audit.dashboard.search;

import dev.gatehouse.audit.search.EventPage;
import dev.gatehouse.audit.search.EventSearch;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Verdict;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The search page: the same search as {@code GET /api/v1/events}, filters in the URL, keyset pages. */
@Controller
class SearchPageController {

    private final EventSearch search;

    SearchPageController(EventSearch search) {
        this.search = search;
    }

    @GetMapping("/dashboard/search")
    String search(@RequestParam MultiValueMap<String, String> params, Model model) {
        SearchForm form = SearchForm.of(params);
        model.addAttribute("form", form);
        model.addAttribute("verdicts", Verdict.values());
        model.addAttribute("kinds", AuditEventKind.values());
        model.addAttribute("firstPage", form.get("cursor").isEmpty());
        model.addAttribute("firstPageLink", form.link(null));
        try {
            EventPage page = search.search(form.apiParameters());
            model.addAttribute("page", page);
            model.addAttribute("nextLink", page.next() == null ? null : form.link(page.next()));
        } catch (ErrorResponseException e) {
            ProblemDetail problem = e.getBody();
            model.addAttribute("error", problem.getDetail());
        } catch (IllegalArgumentException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "dashboard/search";
    }
}
