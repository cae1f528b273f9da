package dev.distillery.annotate;

import static dev.distillery.annotate.Html.esc;

/** The page shell: head, navigation, the help overlay and the one script. */
final class Layout {
  private Layout() {}

  /**
   * @param bodyData data attributes for the page's script, already escaped
   */
  static String page(String title, String user, String bodyData, String content) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + esc(title)
        + " · distillery</title><link rel=\"stylesheet\" href=\"/assets/app.css\">"
        + "<script src=\"/assets/app.js\" defer></script></head><body "
        + bodyData
        + "><nav><a href=\"/overview\">Overview</a><a href=\"/\">Runs</a><a href=\"/disagreements\">Disagreements</a>"
        + "<a href=\"/sql\">SQL</a>"
        + "<button type=\"button\" id=\"help-button\" title=\"keyboard help\">? keys</button>"
        + "<span class=\"user\">labelling as <b>"
        + esc(user)
        + "</b></span></nav><main>"
        + content
        + "</main>"
        + HELP
        + "<div id=\"toast\" role=\"status\" aria-live=\"polite\"></div></body></html>";
  }

  private static final String HELP =
      "<div id=\"help\" class=\"overlay\" hidden><div class=\"panel\"><h2>Keys</h2><dl>"
          + "<dt>j / k</dt><dd>next / previous step (run page) or run (list)</dd>"
          + "<dt>Enter</dt><dd>open the selected run</dd>"
          + "<dt>c</dt><dd>label the run correct</dd>"
          + "<dt>x</dt><dd>label the run incorrect</dd>"
          + "<dt>t</dt><dd>add a failure tag</dd>"
          + "<dt>m</dt><dd>write a comment</dd>"
          + "<dt>f</dt><dd>flag the selected step as wrong</dd>"
          + "<dt>y / r / a</dt><dd>approve / refuse / always approve the first waiting tool call</dd>"
          + "<dt>n</dt><dd>next unlabelled run under the current filters</dd>"
          + "<dt>/</dt><dd>search prompts</dd>"
          + "<dt>?</dt><dd>show or hide this help</dd>"
          + "<dt>Esc</dt><dd>close, or leave a text field</dd>"
          + "</dl></div></div>";
}
