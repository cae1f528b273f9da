package dev.distillery.annotate;

import dev.distillery.trace.CheckStatus;
import dev.distillery.trace.RunFilter;
import dev.distillery.trace.RunStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The run list's filters, order, page and page size, as they travel in a query string ({@code
 * ?check=fail&label=unlabelled&tag=looped&sort=most_tokens&page=2}). Knows nothing of HTTP: it
 * reads parameters by name.
 */
record ListQuery(Map<String, String> filters, int page, int size) {
  static final int DEFAULT_SIZE = 50;
  static final int MAX_SIZE = 200;
  static final int MAX_VALUE_LENGTH = 200;
  private static final String[] NAMES = {
    "status", "check", "label", "model", "task", "suite", "tag", "signature", "q", "sort"
  };

  ListQuery {
    filters = Map.copyOf(filters);
  }

  /**
   * @throws RefusedException 400 when a value is not one the filter knows
   */
  static ListQuery parse(Function<String, String> parameter) {
    Map<String, String> filters = new LinkedHashMap<>();
    for (String name : NAMES) {
      String value = parameter.apply(name);
      if (value != null && !value.isBlank()) {
        if (value.length() > MAX_VALUE_LENGTH) {
          throw RefusedException.badRequest(name + " is longer than " + MAX_VALUE_LENGTH);
        }
        filters.put(name, value.strip());
      }
    }
    int page = number(parameter.apply("page"), "page", 1, 1, Integer.MAX_VALUE / MAX_SIZE);
    int size = number(parameter.apply("size"), "size", DEFAULT_SIZE, 1, MAX_SIZE);
    ListQuery query = new ListQuery(filters, page, size);
    query.filter();
    return query;
  }

  /** The store filter for this page. */
  RunFilter filter() {
    return RunFilter.builder()
        .status(parse("status", RunStatus::fromWire))
        .model(filters.get("model"))
        .taskId(filters.get("task"))
        .suiteRunId(filters.get("suite"))
        .check(parse("check", CheckStatus::fromWire))
        .label(parse("label", v -> RunFilter.Label.valueOf(v.toUpperCase(Locale.ROOT))))
        .text(filters.get("q"))
        .tag(filters.get("tag"))
        .signature(filters.get("signature"))
        .sort(
            parse(
                "sort", v -> RunFilter.Sort.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'))))
        .limit(size)
        .offset((page - 1) * size)
        .build();
  }

  String get(String name) {
    return filters.getOrDefault(name, "");
  }

  /** The filters as a query string, without page; empty when there are none. */
  String filterQuery() {
    StringJoiner out = new StringJoiner("&");
    for (String name : NAMES) {
      if (filters.containsKey(name)) {
        out.add(name + "=" + Html.url(filters.get(name)));
      }
    }
    return out.toString();
  }

  /** {@code ?filters&page=n} for a link to another page of the same list. */
  String pageLink(int otherPage) {
    String filterQuery = filterQuery();
    return "/?" + (filterQuery.isEmpty() ? "" : filterQuery + "&") + "page=" + otherPage;
  }

  private <T> T parse(String name, Function<String, T> parser) {
    String value = filters.get(name);
    if (value == null) {
      return null;
    }
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw RefusedException.badRequest("unknown " + name + " '" + value + "'");
    }
  }

  private static int number(String value, String name, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number < min || number > max) {
        throw RefusedException.badRequest(name + " must be between " + min + " and " + max);
      }
      return number;
    } catch (NumberFormatException e) {
      throw RefusedException.badRequest(name + " must be a number");
    }
  }
}
