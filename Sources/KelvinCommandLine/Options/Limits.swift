/// The largest sizes a user can ask for, each chosen so that the memory it implies fits a
/// 24 GiB machine with room to spare, and checked before anything is allocated.
///
/// A value beyond a limit is a usage error (exit 64) that names the flag, the value and the
/// limit. The README's "Limits" table lists these.
public enum Limits {
  /// A vocabulary (a row of logits): 2²⁴ = 16,777,216 tokens (128 MiB as `Double`).
  public static let vocabulary = 1...16_777_216
  /// Rows of one benchmark batch.
  public static let batch = 1...65_536
  /// Values of one benchmark batch (`--batch × --vocab`): 2²⁸, 1 GiB as `Float`.
  public static let batchValues = 1 << 28
  /// Rows of a synthetic file.
  public static let rows = 1...16_777_216
  /// Values of a synthetic file (`--rows × --vocab`): 2³², 16 GiB as f4 (streamed).
  public static let fileValues = 1 << 32
  /// Draws of one `sample` call.
  public static let draws = 1...1_000_000
  /// Alternatives listed per token.
  public static let topLogprobs = 0...1_000
  /// Characters generated per text.
  public static let generatedTokens = 1...100_000
  /// Beam width.
  public static let beamWidth = 1...1_000
  /// Texts per temperature in a comparison.
  public static let samples = 1...1_000
  /// Tokens drafted a round in speculative sampling.
  public static let draftTokens = 1...64
  /// Prompts of the decoding study.
  public static let studyPrompts = 1...1_000
  /// Entries of a list of temperatures.
  public static let temperatureCount = 1...64
  /// The most logits an explorer page embeds (each is computed at every slider move).
  public static let explorerLogits = 1...65_536
  /// Entries of a token-id list (`--history`, `--prompt-tokens`).
  public static let tokenIDs = 1...1_000_000
  /// Arms of a bandit.
  public static let arms = 1...100_000
  /// Independent bandit runs.
  public static let runs = 1...1_000_000
  /// Steps per bandit run.
  public static let steps = 1...1_000_000
  /// Run-steps of one bandit call (`--runs × --steps`): 2³¹; each policy keeps about
  /// 16 bytes per 25 run-steps in flight (1.4 GiB at the limit).
  public static let runSteps = 1 << 31
  /// Bandit policies compared at once.
  public static let policies = 1...64
  /// Worker threads.
  public static let threads = 1...256
  /// Timed benchmark calls.
  public static let iterations = 1...1_000_000
  /// Calibration bins.
  public static let bins = 1...10_000
  /// Bins times classes of one calibration (the class-wise sums): 2²⁶, 1.5 GiB.
  public static let binCells = 1 << 26
  /// Bytes read from a stream (standard input, a pipe), whose size is not known in advance:
  /// 4 GiB by default (`--max-input-bytes`), at most 1 TiB.
  public static let streamBytes = 1...(1 << 40)
  /// Training epochs.
  public static let epochs = 1...10_000

  /// The message for a product of two sizes over its limit.
  static func product(
    _ first: (flag: String, value: Int), _ second: (flag: String, value: Int), limit: Int,
    what: String
  ) -> CommandError? {
    let (product, overflow) = first.value.multipliedReportingOverflow(by: second.value)
    guard overflow || product > limit else { return nil }
    return CommandError.usage(
      "\(first.flag) \(first.value) × \(second.flag) \(second.value) is "
        + (overflow ? "beyond 2^63" : "\(product)")
        + " \(what); the limit is \(limit)", flag: first.flag)
  }
}
