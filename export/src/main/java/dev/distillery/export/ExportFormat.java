package dev.distillery.export;

import java.util.Locale;

/** The dataset formats, named as on the command line ({@code trl-sft}). */
public enum ExportFormat {
  /** OpenAI chat fine-tuning: messages, tools, string arguments, per-message weight. */
  OPENAI(true, false),
  /** OpenAI preference fine-tuning: input, preferred_output, non_preferred_output. */
  OPENAI_DPO(true, true),
  /** TRL conversational SFT: messages and tools, dict arguments. */
  TRL_SFT(true, false),
  /** TRL unpaired preference (KTO): prompt, completion, label. */
  TRL_KTO(true, false),
  /** TRL preference (DPO): prompt, chosen, rejected. */
  TRL_DPO(true, true),
  /** LLaMA-Factory ShareGPT with its dataset_info.json. */
  SHAREGPT(true, false),
  /** Agent Trajectory Interchange Format, one trajectory per run. */
  ATIF(false, false),
  /** Lossless: every field the store has for a run. */
  RAW(false, false);

  private final boolean labelled;
  private final boolean paired;

  ExportFormat(boolean labelled, boolean paired) {
    this.labelled = labelled;
    this.paired = paired;
  }

  /** Whether unlabelled runs are left out. */
  public boolean labelled() {
    return labelled;
  }

  /** Whether rows pair a correct and an incorrect attempt at one task. */
  public boolean paired() {
    return paired;
  }

  /**
   * Whether rows are made from every event of a run ({@link Trajectory#events}). The other formats
   * need only the conversation: the message log, and the last request (its context and tools) and
   * its response; a reader may give them those alone.
   */
  public boolean everyEvent() {
    return this == ATIF || this == RAW;
  }

  /** SFT formats train on correct runs only. */
  public boolean correctOnly() {
    return this == OPENAI || this == TRL_SFT || this == SHAREGPT;
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ExportFormat fromCli(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
