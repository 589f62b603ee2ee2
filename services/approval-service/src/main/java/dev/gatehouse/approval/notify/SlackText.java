package dev.gatehouse.approval.notify;

import dev.gatehouse.model.Approval;

/**
 * The text of a Slack message about a new request, safe against a crafted command. Slack's rules:
 * {@code &}, {@code <} and {@code >} are escaped, which also defuses {@code <!channel>}, {@code <@U..>}
 * mentions and {@code <url|label>} links. The command sits in a code block (no bold, italics or
 * links inside), and every backtick in it is followed by a zero-width space so no run of three can
 * close the block early. Short values outside the block lose backticks and line breaks.
 */
final class SlackText {

    static final int MAX_COMMAND = 3000;
    private static final String ZERO_WIDTH_SPACE = "\u200B";

    private SlackText() {
    }

    static String of(Approval approval) {
        return "*Approval requested* on connection " + inline(approval.connection())
                + " by " + inline(approval.identity().subject())
                + (approval.ruleId() == null ? "" : " (rule " + inline(approval.ruleId()) + ")")
                + "\nExpires " + approval.expiresAt() + ". Review: " + escape(approval.url())
                + "\n```\n" + codeBlock(approval.command()) + "\n```";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String codeBlock(String command) {
        String shown = command.length() > MAX_COMMAND ? command.substring(0, MAX_COMMAND) + " [truncated]" : command;
        return escape(shown).replace("`", "`" + ZERO_WIDTH_SPACE);
    }

    static String inline(String value) {
        String flat = value == null ? "" : value.replaceAll("[\\p{Cntrl}`]", " ");
        if (flat.length() > 200) {
            flat = flat.substring(0, 200) + "...";
        }
        return "`" + escape(flat) + "`";
    }
}
