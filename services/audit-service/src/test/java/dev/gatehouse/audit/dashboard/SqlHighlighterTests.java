package dev.gatehouse.audit.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlHighlighterTests {

    @Test
    void scriptInAStringLiteralStaysText() {
        String html = SqlHighlighter.toHtml("INSERT INTO notes VALUES ('<script>alert(1)</script>')");

        assertThat(html).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("<span class=\"sql-string\">&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;</span>");
    }

    @Test
    void markupOutsideLiteralsIsEscapedToo() {
        String html = SqlHighlighter.toHtml("SELECT 1 /* <img src=x onerror=alert(1)> */ FROM t WHERE a<b AND \"x\"\">\" = '&amp;'");

        assertThat(html.replaceAll("<span class=\"sql-[a-z]+\">", "").replace("</span>", ""))
                .doesNotContain("<").doesNotContain(">")
                .isEqualTo("SELECT 1 /* &lt;img src=x onerror=alert(1)&gt; */ FROM t WHERE a&lt;b AND &quot;x&quot;&quot;&gt;&quot; = &#39;&amp;amp;&#39;");
    }

    @Test
    void highlightsKeywordsLiteralsNumbersAndComments() {
        String html = SqlHighlighter.toHtml("drop table users; -- it's fine\nselect 42");

        assertThat(html).isEqualTo("<span class=\"sql-keyword\">drop</span> <span class=\"sql-keyword\">table</span> users; "
                + "<span class=\"sql-comment\">-- it&#39;s fine</span>\n<span class=\"sql-keyword\">select</span> "
                + "<span class=\"sql-number\">42</span>");
    }

    @Test
    void anUnterminatedLiteralRunsToTheEndAndIsEscaped() {
        assertThat(SqlHighlighter.toHtml("SELECT '<b>")).isEqualTo(
                "<span class=\"sql-keyword\">SELECT</span> <span class=\"sql-string\">&#39;&lt;b&gt;</span>");
    }

    @Test
    void nullAndEmptyGiveNothing() {
        assertThat(SqlHighlighter.toHtml(null)).isEmpty();
        assertThat(SqlHighlighter.toHtml("")).isEmpty();
    }
}
