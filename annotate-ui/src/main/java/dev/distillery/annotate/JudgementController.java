package dev.distillery.annotate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.distillery.trace.Judgement;
import io.javalin.http.Context;
import java.time.Clock;

/**
 * {@code POST /api/judgements}: a model judge's grading of a run, recorded for {@code distillery
 * judge} while this server holds the store. Only a trusted local client may send one (it names its
 * author, {@code judge:<model>}), as for a named label.
 */
final class JudgementController {
  /** A judgement carries its request and reply: larger than a label. */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private final Judgements judgements;
  private final String token;

  JudgementController(Judgements judgements, String token) {
    this.judgements = judgements;
    this.token = token;
  }

  void record(Context ctx) {
    JsonNode body = ApiController.jsonBody(ctx, MAX_BYTES, "judgement");
    if (!Guard.trusted(ctx, token)) {
      throw new RefusedException(403, ApiController.UNTRUSTED);
    }
    Judgement recorded = judgements.record(JudgementWire.judgement(body));
    ctx.status(201).json(JudgementWire.body(recorded));
  }

  static JudgementController of(dev.distillery.trace.TraceRepository repository, String token) {
    return new JudgementController(new Judgements(repository, Clock.systemUTC()), token);
  }
}
