package dev.distillery.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  @Test
  void should_quote_cells_with_commas_quotes_or_line_breaks_and_leave_nulls_empty() {
    List<List<Object>> rows =
        List.of(
            Arrays.asList("a,b", "say \"hi\"", null, 3),
            Arrays.asList("two\nlines", "cr\r", "plain", 1.5));

    String csv = Csv.text(List.of("x", "y", "z", "n"), rows);

    assertEquals(
        "x,y,z,n\n\"a,b\",\"say \"\"hi\"\"\",,3\n\"two\nlines\",\"cr\r\",plain,1.5\n", csv);
  }
}
