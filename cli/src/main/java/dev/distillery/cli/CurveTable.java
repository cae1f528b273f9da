package dev.distillery.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.distillery.runtime.suite.LearningCurve;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The learning curve of a suite run in rounds: pass@1 per round, per task and on average. */
final class CurveTable {
  private CurveTable() {}

  static void print(LearningCurve curve, PrintWriter out) {
    out.println("learning curve: pass@1 per round");
    List<String> header = new ArrayList<>(List.of("TASK"));
    curve.rounds().forEach(round -> header.add("ROUND " + round));
    TextTable table = new TextTable(header, 40);
    for (Map.Entry<String, List<Double>> task : curve.tasks().entrySet()) {
      table.row(cells(task.getKey(), task.getValue()));
    }
    table.row(cells("MEAN", curve.mean()));
    table.print(out);
  }

  static ArrayNode json(LearningCurve curve) {
    ArrayNode rounds = Json.MAPPER.createArrayNode();
    for (int i = 0; i < curve.rounds().size(); i++) {
      ObjectNode round = rounds.addObject();
      round.put("round", curve.rounds().get(i));
      round.put("pass_at_1", curve.mean().get(i));
      ObjectNode tasks = round.putObject("tasks");
      for (Map.Entry<String, List<Double>> task : curve.tasks().entrySet()) {
        tasks.put(task.getKey(), task.getValue().get(i));
      }
    }
    return rounds;
  }

  private static List<Object> cells(String name, List<Double> values) {
    List<Object> cells = new ArrayList<>(List.of(name));
    values.forEach(value -> cells.add(value == null ? "no check" : Format.percent(value)));
    return cells;
  }
}
